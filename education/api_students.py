"""A signed-in student's own endpoints of API v2: the token, who they are, their courses and progress.

A student is named by a signed bearer token (education/api_tokens.py), never a cookie; sign-in throttling is the
sign-in page's own (jindu/throttle.py).
"""

import functools
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from education import api_tokens
from education.api_common import error, ok, plain, read_body, unreadable
from education.completion import student_courses
from education.models import LessonProgress
from jindu import throttle
from jindu.public_address import page_url
from schools.portal.forms import StudentSignInForm


@csrf_exempt
@sensitive_post_parameters("password")
@never_cache
@require_POST
def obtain_token(request):
    """School code, student number and password, through the sign-in page's throttled form, give a token."""
    data = read_body(request)
    if data is None:
        return unreadable()
    fields = {key: plain(data.get(key)) for key in ("school_code", "number", "password")}
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


def _bearer_student(request):
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    return api_tokens.student_for_token(token.strip()) if scheme.lower() == "bearer" and token else None


def student_endpoint(view=None, *, method="GET"):
    """A view for the student behind `Authorization: Bearer <token>`; 401 without one.

    A POST endpoint takes no cookie, only the token, so it is exempt from CSRF like the other API posts.
    """
    if view is None:
        return functools.partial(student_endpoint, method=method)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        student = _bearer_student(request)
        if student is None:
            response = error(_("Sign in first: send Authorization: Bearer <token>."), status=401)
            response["WWW-Authenticate"] = "Bearer"
            return response
        return view(request, student, *args, **kwargs)

    wrapper = never_cache(require_http_methods([method])(wrapper))
    return csrf_exempt(wrapper) if method == "POST" else wrapper


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
