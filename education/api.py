"""API v2 for a mini-program: courses, lessons and quizzes as pages, and the public quiz.

A signed-in student's own endpoints are in education/api_students.py, contests in education/api_contests.py.
The quiz endpoints take no cookie: an anonymous attempt is named by its token, so they are exempt from CSRF,
which guards cookie sign-ins only. Grading and limits are the site's own (education/grading.py,
education/ratelimit.py).
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from rest_framework import serializers
from wagtail.api import APIField

from education import contests, grading
from education.api_common import (
    attempt_data,
    error,
    ok,
    paper_or_result,
    plain,
    read_body,
    result_data,
    submit_answers,
    too_many,
    unreadable,
)
from education.models import Attempt, CoursePage, LessonPage, QuizPage
from education.quiz_landing import town_groups
from education.ratelimit import allow_api_action
from education.views.taking import chosen_region
from jindu.apiviews import PublicPagesAPIViewSet
from jindu.public_address import page_url
from media.api import MediaFileField


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


# The public quiz ------------------------------------------------------------------------------


def _region_value(value):
    """The town as chosen_region() reads a form field: a number or its digits; anything else is not a town."""
    value = plain(value)
    if value is None or value == "":
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else "x"


def submit_path(attempt):
    return f"/api/v2/quiz/attempts/{attempt.token}/submit/"


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
        return unreadable()
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
    return ok(attempt_data(attempt, request, submit_path(attempt)), status=201)


def _anonymous_attempt(token):
    if len(token) > 40:
        return None
    return Attempt.objects.select_related("quiz", "result").filter(token=token, user__isnull=True).first()


def _result(attempt, result, message):
    return ok(result_data(attempt, result) | ({"message": str(message)} if message else {}))


@csrf_exempt
@never_cache
@require_POST
def quiz_submit(request, token):
    return submit_answers(request, _anonymous_attempt(token), _result, allow=allow_api_action)


@never_cache
@require_GET
def quiz_result(request, token):
    return paper_or_result(request, lambda: _anonymous_attempt(token), submit_path, _result)
