"""Property-based: whatever text a visitor sends to the public forms and JSON endpoints, the answer is never a 500.

Hypothesis generates the values (any Unicode, surrogates excluded, NULs and huge numbers included); the
examples run against the real views and database through Django's test client.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from education.factories import QuestionFactory, QuizPageFactory
from education.models import Attempt
from jindu.factories import RegionFactory, UserFactory
from jindu.models.regions import RegionLevel
from media.factories import MediaFactory

pytestmark = pytest.mark.django_db

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
NUMBERISH = st.one_of(TEXT, st.integers().map(str), st.integers(min_value=10**20, max_value=10**400).map(str))
JSON_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**400), max_value=10**400), st.floats(), TEXT
)
# Derandomized so that CI sees the same examples each run (a red CI blocks a landing); widen max_examples locally
# to explore. The quote-only search query that once was a 500 is now tests/jindu/test_search.py.
EXAMPLES = settings(
    derandomize=True,
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def browser():
    return Client(raise_request_exception=False)


@pytest.fixture
def quiz(site_tree):
    RegionFactory(name="五通镇", code="450312104", level=RegionLevel.TOWN)
    questions = [QuestionFactory(options=[("对", True), ("错", False)]) for _ in range(2)]
    return QuizPageFactory(parent=site_tree[0], questions=questions, ask_region=True)


@EXAMPLES
@given(region=NUMBERISH, lesson=NUMBERISH)
def test_quiz_start_never_fails(quiz, region, lesson):
    response = browser().post(reverse("education:start", args=[quiz.pk]), {"region": region, "lesson": lesson})
    assert response.status_code in (302, 400, 429), (region, lesson)


@EXAMPLES
@given(answers=st.dictionaries(TEXT, TEXT, max_size=4))
def test_quiz_answers_never_fail(quiz, answers):
    client = browser()
    start = client.post(reverse("education:start", args=[quiz.pk]), {"region": ""})
    if start.status_code != 302:
        return  # the start itself refused (no town given): covered above
    token = start.url.rstrip("/").rsplit("/", 1)[-1]
    assert Attempt.objects.filter(token=token).exists()
    for name in ("education:save", "education:attempt"):
        response = client.post(reverse(name, args=[token]), answers)
        assert response.status_code < 500, (name, answers)


@pytest.fixture
def video(db):
    return MediaFactory(duration=100)


@EXAMPLES
@given(payload=st.dictionaries(st.sampled_from(["media", "position", "watched", "duration"]), JSON_VALUE))
def test_heartbeat_never_fails(video, payload):
    client = browser()
    client.force_login(UserFactory())
    body = json.dumps({"media": video.pk, **payload})
    response = client.post(reverse("media:heartbeat"), body, content_type="application/json")
    assert response.status_code in (200, 204, 400, 404), payload


@EXAMPLES
@given(query=st.dictionaries(st.sampled_from(["event", "town", "offset", "limit", "search", "order"]), NUMBERISH))
def test_showings_api_never_fails(db, query):
    response = browser().get("/api/v2/showings/", query)
    assert response.status_code in (200, 400), query


@EXAMPLES
@given(school_code=TEXT, number=NUMBERISH, password=TEXT)
def test_student_sign_in_never_fails(db, school_code, number, password):
    response = browser().post(reverse("sign_in"), {"school_code": school_code, "number": number, "password": password})
    assert response.status_code in (200, 302, 400, 403, 429), (school_code, number)


@EXAMPLES
@given(query=TEXT, page=NUMBERISH)
def test_search_never_fails(site_tree, query, page):
    response = browser().get(reverse("search"), {"q": query, "page": page})
    assert response.status_code in (200, 400), (query, page)
