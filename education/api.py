"""API v2 for a mini-program: courses and lessons, the public quiz, and a signed-in student's own courses.

The quiz and student endpoints take no cookie: an anonymous attempt is named by its token and a student by a
signed bearer token (education/api_tokens.py), so they are exempt from CSRF, which guards cookie sign-ins only.
Grading, limits and sign-in throttling are the site's own (education/grading.py, education/ratelimit.py,
jindu/throttle.py).
"""

import json
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Sum
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST
from rest_framework import serializers
from wagtail.api import APIField

from education import api_tokens, contests, grading
from education.completion import student_courses
from education.models import Attempt, CoursePage, LessonPage, LessonProgress, QuizPage
from education.quiz_landing import town_groups
from education.ratelimit import allow_api_action
from education.views.taking import chosen_region, paper_items
from jindu import throttle
from jindu.apiviews import PublicPagesAPIViewSet
from jindu.public_address import absolute_url, page_url
from media.api import MediaFileField
from schools.portal.forms import StudentSignInForm

MAX_BODY = 64 * 1024


class LessonSummaryField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, course):
        request = self.context.get("request")
        return [
            {"id": lesson.pk, "title": lesson.title, "class_hours": str(lesson.class_hours), "quiz": lesson.quiz_id}
            | {"html_url": page_url(lesson, request)}
            for lesson in course.lessons()
        ]


class CoursesAPIViewSet(PublicPagesAPIViewSet):
    model = CoursePage
    body_fields = PublicPagesAPIViewSet.body_fields + [
        "intro",
        "stage",
        "grade",
        "required_class_hours",
        APIField("lessons", serializer=LessonSummaryField(source="*")),
    ]
    listing_default_fields = PublicPagesAPIViewSet.listing_default_fields + ["intro", "stage", "grade"]


class ParentIdField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, lesson):
        parent = lesson.get_parent()
        return {"id": parent.pk, "title": parent.title} if parent else None


class QuizLinkField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, quiz):
        if quiz is None:
            return None
        return {"id": quiz.pk, "title": quiz.title, "students_only": quiz.students_only}


class LessonsAPIViewSet(PublicPagesAPIViewSet):
    model = LessonPage
    body_fields = PublicPagesAPIViewSet.body_fields + [
        "intro",
        "class_hours",
        "body",
        APIField("course", serializer=ParentIdField(source="*")),
        APIField("video", serializer=MediaFileField()),
        APIField("quiz", serializer=QuizLinkField()),
    ]
    listing_default_fields = PublicPagesAPIViewSet.listing_default_fields + ["intro", "class_hours", "course"]

    def get_queryset(self):
        return super().get_queryset().select_related("video", "quiz")


class TownChoicesField(serializers.Field):
    """The towns a taker picks from when the quiz asks where they live, grouped by county as on the site."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, quiz):
        if not quiz.ask_region or quiz.students_only:
            return []
        return [
            {"county": county, "towns": [{"id": town.pk, "name": town.name} for town in towns]}
            for county, towns in town_groups()
        ]


class QuizzesAPIViewSet(PublicPagesAPIViewSet):
    """Public awareness quizzes; start one with POST /api/v2/quiz/<id>/start/."""

    model = QuizPage
    body_fields = PublicPagesAPIViewSet.body_fields + [
        "intro",
        "pass_mark",
        "time_limit_minutes",
        "ask_region",
        APIField("towns", serializer=TownChoicesField(source="*")),
        "opens_at",
        "closes_at",
    ]
    listing_default_fields = PublicPagesAPIViewSet.listing_default_fields + ["pass_mark"]

    def get_queryset(self):
        return super().get_queryset().for_public()


# Plain JSON views ------------------------------------------------------------------------------


def error(message, status=400):
    return JsonResponse({"message": str(message)}, status=status, json_dumps_params={"ensure_ascii": False})


def too_many():
    return error(_("Too many quizzes from this browser; please try again in an hour."), status=429)


def ok(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def read_body(request):
    """A JSON object or form fields as a dict; None when the body is neither."""
    if request.content_type == "application/json":
        if len(request.body) > MAX_BODY:
            return None
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return None
        # A JSON "\u0000" is a NUL the database refuses to store or compare (PostgreSQL): refuse it here, as
        # RefuseNulBytesMiddleware refuses raw ones in addresses and forms.
        return data if isinstance(data, dict) and not _holds_nul(data) else None
    return {key: request.POST.getlist(key) for key in request.POST} if request.POST else {}


def _holds_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def answers_from(data):
    """{"q1": ["A"], …} from {"answers": {...}} or top-level q fields; None when malformed."""
    answers = data.get("answers", {k: v for k, v in data.items() if k.startswith("q")})
    if not isinstance(answers, dict):
        return None
    cleaned = {}
    for name, value in answers.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str) for item in values):
            return None
        cleaned[str(name)] = values
    return cleaned


def _plain(value):
    return value[0] if isinstance(value, list) and value else value


def _region_value(value):
    """The town as chosen_region() reads a form field: a number or its digits; anything else is not a town."""
    value = _plain(value)
    if value is None or value == "":
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else "x"


def attempt_data(attempt, request):
    return {
        "token": attempt.token,
        "quiz": {"id": attempt.quiz_id, "title": attempt.quiz.title, "pass_mark": attempt.quiz.pass_mark},
        "deadline": timezone.localtime(attempt.deadline).isoformat() if attempt.deadline else None,
        "remaining_seconds": attempt.remaining_seconds(),
        "questions": [
            {
                "name": item["name"],
                "number": item["number"],
                "stem": item["stem"],
                "kind": str(item["kind"]),
                "multiple": item["multiple"],
                "options": [{"value": option["value"], "text": option["text"]} for option in item["options"]],
            }
            for item in paper_items(attempt)
        ],
        "submit_url": absolute_url(f"/api/v2/quiz/attempts/{attempt.token}/submit/", request),
    }


def result_data(attempt, result):
    """The score and which questions were right; never the correct options."""
    return {
        "token": attempt.token,
        "score": result.score,
        "correct_count": result.correct_count,
        "question_count": result.question_count,
        "passed": result.passed,
        "pass_mark": attempt.quiz.pass_mark,
        "timed_out": result.timed_out,
        "questions": [
            {"number": position + 1, "correct": bool(detail["correct"])}
            for position, detail in enumerate(result.details)
        ],
    }


@csrf_exempt
@never_cache
@require_POST
def quiz_start(request, quiz_id):
    quiz = QuizPage.objects.live().public().filter(pk=quiz_id).first()
    if quiz is None:
        return error(_("There is no such quiz."), status=404)
    if quiz.students_only:
        return error(_("Please sign in with your student account to take this quiz."), status=403)
    data = read_body(request)
    if data is None:
        return error(_("The request could not be read; send JSON or form fields."))
    region = chosen_region(quiz, _region_value(data.get("region")))
    if region is False:
        return error(_("Please pick your town from the list."))
    try:
        contests.check_can_start(quiz, AnonymousUser())
    except grading.QuizError as refusal:
        return error(refusal.message, status=403)
    if not allow_api_action(request):
        return too_many()
    try:
        attempt = grading.start_attempt(quiz, region=region)
    except grading.QuizError as refusal:
        return error(refusal.message, status=403)
    return ok(attempt_data(attempt, request), status=201)


def _anonymous_attempt(token):
    if len(token) > 40:
        return None
    return Attempt.objects.select_related("quiz", "result").filter(token=token, user__isnull=True).first()


@csrf_exempt
@never_cache
@require_POST
def quiz_submit(request, token):
    attempt = _anonymous_attempt(token)
    if attempt is None:
        return error(_("There is no such attempt."), status=404)
    data = read_body(request)
    answers = answers_from(data) if data is not None else None
    if answers is None:
        return error(_("The answers do not match the paper you were given."))
    if not allow_api_action(request):
        return too_many()
    try:
        result = grading.submit(attempt, answers)
    except grading.TimeIsUp as refusal:
        return ok(result_data(attempt, refusal.result) | {"message": refusal.message})
    except grading.QuizError as refusal:
        return error(refusal.message, status=409 if isinstance(refusal, grading.AlreadySubmitted) else 400)
    return ok(result_data(attempt, result))


@never_cache
@require_GET
def quiz_result(request, token):
    attempt = _anonymous_attempt(token)
    if attempt is None:
        return error(_("There is no such attempt."), status=404)
    if not attempt.is_submitted:
        if not grading.is_late(attempt, timezone.now()):
            return ok(attempt_data(attempt, request))
        grading.close_expired(attempt)
        attempt = _anonymous_attempt(token)
    return ok(result_data(attempt, attempt.result))


# Students --------------------------------------------------------------------------------------


@csrf_exempt
@sensitive_post_parameters("password")
@never_cache
@require_POST
def obtain_token(request):
    """School code, student number and password, through the sign-in page's throttled form, give a token."""
    data = read_body(request)
    if data is None:
        return error(_("The request could not be read; send JSON or form fields."))
    fields = {key: _plain(data.get(key)) for key in ("school_code", "number", "password")}
    if not all(isinstance(value, str) for value in fields.values()):
        return error(_("Give school_code, number and password."))
    if throttle.is_locked_out(request, throttle.student_key(fields["school_code"], fields["number"])):
        return error(_("Too many wrong tries. Please wait a while and try again."), status=429)
    form = StudentSignInForm(fields, request=request)
    if not form.is_valid():
        messages = [str(message) for errors in form.errors.values() for message in errors]
        return error(" ".join(messages), status=400)
    student = form.student
    if student.must_change_password:
        return error(_("Change your one-time password on the website first, then sign in here."), status=403)
    return ok({"token": api_tokens.make_token(student.user), "expires_in": api_tokens.max_age()})


def student_endpoint(view):
    """A view for the student behind `Authorization: Bearer <token>`; 401 without one."""

    @never_cache
    @require_GET
    def wrapper(request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _space, token = header.partition(" ")
        student = api_tokens.student_for_token(token.strip()) if scheme.lower() == "bearer" and token else None
        if student is None:
            response = error(_("Sign in first: send Authorization: Bearer <token>."), status=401)
            response["WWW-Authenticate"] = "Bearer"
            return response
        return view(request, student, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@student_endpoint
def me(request, student):
    school_class = student.school_class
    return ok(
        {
            "name": student.name,
            "number": student.number,
            "school": student.school.name,
            "class": str(school_class.name),
            "grade": school_class.grade,
        }
    )


@student_endpoint
def my_courses(request, student):
    """The student's own courses with lesson completion, as 我的课程 shows them."""
    student = type(student).objects.select_related("school", "school_class").get(pk=student.pk)
    rows = student_courses(student)
    done = set(
        LessonProgress.objects.filter(user_id=student.user_id, completed_at__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )
    return ok(
        {
            "items": [
                {
                    "id": row["course"].pk,
                    "title": row["course"].title,
                    "html_url": page_url(row["course"], request),
                    "done": row["done"],
                    "total": row["total"],
                    "percent": row["percent"],
                    "resume_lesson": row["resume"].pk if row["resume"] else None,
                    "lessons": [
                        {
                            "id": lesson.pk,
                            "title": lesson.title,
                            "class_hours": str(lesson.class_hours),
                            "complete": lesson.pk in done,
                        }
                        for lesson in row["lessons"]
                    ],
                }
                for row in rows
            ]
        }
    )


@student_endpoint
def my_progress(request, student):
    """Each lesson the student has started, and the class hours earned."""
    rows = LessonProgress.objects.filter(user_id=student.user_id).select_related("lesson").order_by("lesson__path")
    hours = rows.filter(completed_at__isnull=False).aggregate(total=Sum("lesson__class_hours"))["total"]
    return ok(
        {
            "class_hours": f"{Decimal(hours or 0):.1f}",
            "items": [
                {
                    "lesson": row.lesson_id,
                    "title": row.lesson.title,
                    "video_watched": row.video_watched,
                    "quiz_passed": row.quiz_passed,
                    "complete": row.is_complete,
                    "completed_at": timezone.localtime(row.completed_at).isoformat() if row.completed_at else None,
                }
                for row in rows
            ],
        }
    )
