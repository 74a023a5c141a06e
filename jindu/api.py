"""The one API v2 router at /api/v2/: pages for a mini-program, the public quiz, student endpoints, OpenAPI."""

from django.http import JsonResponse
from django.urls import include, path
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter

from education import api as education_api
from education import api_contests, api_students
from jindu.apiviews import ImageField, PublicPagesAPIViewSet, TagNamesField
from jindu.models import ArticlePage
from jindu.openapi import openapi_document
from jindu.public_address import absolute_url


class RenderedBodyField(serializers.Field):
    """The body as the site renders it, for a mini-program's rich-text component."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, body):
        return str(body)


class ArticlesAPIViewSet(PublicPagesAPIViewSet):
    model = ArticlePage
    body_fields = PublicPagesAPIViewSet.body_fields + [
        "date",
        "summary",
        APIField("tags", serializer=TagNamesField()),
        APIField("listing_image", serializer=ImageField("fill-640x360")),
        "listing_image_alt",
        "body",
        APIField("body_html", serializer=RenderedBodyField(source="body")),
    ]
    listing_default_fields = PublicPagesAPIViewSet.listing_default_fields + ["date", "summary", "listing_image"]

    def get_queryset(self):
        return super().get_queryset().select_related("listing_image").order_by("-date", "-pk")


class SearchAPIViewSet(PublicPagesAPIViewSet):
    """Every live public page; with `?search=` the same results as /search/."""

    def get_queryset(self):
        return self.get_base_queryset()


ENDPOINTS = {
    "articles": ArticlesAPIViewSet,
    # Apps that build on jindu register their endpoints by name, as INSTALLED_APPS does (jindu imports none of them).
    "videos": "media.api.VideosAPIViewSet",
    "events": "events.api.EventsAPIViewSet",
    "showings": "events.api.ShowingsAPIViewSet",
    "courses": education_api.CoursesAPIViewSet,
    "lessons": education_api.LessonsAPIViewSet,
    "quizzes": education_api.QuizzesAPIViewSet,
    "pages": SearchAPIViewSet,
}

api_router = WagtailAPIRouter("api")
for name, endpoint in ENDPOINTS.items():
    api_router.register_endpoint(name, import_string(endpoint) if isinstance(endpoint, str) else endpoint)


@require_GET
def index(request):
    links = {name: absolute_url(f"/api/v2/{name}/", request) for name in ENDPOINTS}
    links |= {
        "quiz_start": absolute_url("/api/v2/quiz/{id}/start/", request),
        "student_token": absolute_url("/api/v2/auth/token/", request),
        "me": absolute_url("/api/v2/me/", request),
        "my_courses": absolute_url("/api/v2/me/courses/", request),
        "my_progress": absolute_url("/api/v2/me/progress/", request),
        "my_contests": absolute_url("/api/v2/me/contests/", request),
        "contest_start": absolute_url("/api/v2/contests/{id}/start/", request),
        "openapi": absolute_url("/api/v2/openapi.json", request),
    }
    return JsonResponse({"endpoints": links}, json_dumps_params={"ensure_ascii": False})


@require_GET
def openapi(request):
    return JsonResponse(openapi_document(request), json_dumps_params={"ensure_ascii": False})


extra_patterns = [
    path("", index, name="index"),
    path("openapi.json", openapi, name="openapi"),
    path("quiz/<id:quiz_id>/start/", education_api.quiz_start, name="quiz_start"),
    path("quiz/attempts/<str:token>/", education_api.quiz_result, name="quiz_attempt"),
    path("quiz/attempts/<str:token>/submit/", education_api.quiz_submit, name="quiz_submit"),
    path("auth/token/", api_students.obtain_token, name="student_token"),
    path("me/", api_students.me, name="me"),
    path("me/courses/", api_students.my_courses, name="my_courses"),
    path("me/progress/", api_students.my_progress, name="my_progress"),
    path("me/contests/", api_contests.my_contests, name="my_contests"),
    path("contests/<id:quiz_id>/start/", api_contests.contest_start, name="contest_start"),
    path("contests/attempts/<str:token>/", api_contests.contest_attempt, name="contest_attempt"),
    path("contests/attempts/<str:token>/submit/", api_contests.contest_submit, name="contest_submit"),
]

urlpatterns = [path("", include((extra_patterns + api_router.get_urlpatterns(), "api"), namespace="api"))]
