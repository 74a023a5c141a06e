"""Crafted input answers 400, 404 or a form error, never a 500, on SQLite and PostgreSQL alike."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from education.factories import QuestionFactory, QuizPageFactory, make_student
from education.models import Attempt
from jindu.factories import RegionFactory, UserFactory
from jindu.models.regions import Region, RegionLevel
from jindu.numbers import parse_int
from jindu.region_import import import_regions
from media.factories import MediaFactory
from tests.education.helpers import right_answers

pytestmark = pytest.mark.django_db
HUGE = "9" * 40


@pytest.fixture
def quiz(site_tree):
    town = RegionFactory(name="五通镇", code="450312104", level=RegionLevel.TOWN)
    questions = [QuestionFactory(options=[("对", True), ("错", False)]) for _ in range(2)]
    return QuizPageFactory(parent=site_tree[0], questions=questions, ask_region=True), town


def client(**headers):
    return Client(raise_request_exception=False, **headers)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("１２", 12),
        (" 7 ", 7),
        ("0", 0),
        ("²", None),
        ("፩", None),
        ("٣", None),
        ("1.5", None),
        ("-1", None),
        ("", None),
        (HUGE, None),
        ("101", None),
        (None, None),
        ("1\x00", None),
        (True, None),
        (12, 12),
    ],
)
def test_parse_int_accepts_only_ascii_and_full_width_digits_in_range(text, value):
    assert parse_int(text, 0, 100) == value


def test_quiz_start_with_a_superscript_region_is_a_400(quiz):
    page, _town = quiz
    for region in ("²", "፩", HUGE):
        response = client().post(reverse("education:start", args=[page.pk]), {"region": region})
        assert response.status_code == 400, region
        assert "请从列表中选择" in response.content.decode()


def test_answer_keys_with_foreign_digits_are_refused_not_a_500(quiz):
    page, _town = quiz
    browser = client()
    start = browser.post(reverse("education:start", args=[page.pk]))
    attempt = Attempt.objects.get(token=start.url.rstrip("/").rsplit("/", 1)[-1])
    url = reverse("education:attempt", args=[attempt.token])
    for key in ("q²", "q፩", f"q{HUGE}"):
        assert browser.post(url, {**right_answers(attempt), key: "A"}).status_code == 400, key
        assert browser.post(reverse("education:save", args=[attempt.token]), {key: "A"}).status_code == 400, key
    assert browser.post(url, right_answers(attempt)).status_code == 302


def test_api_event_and_offset_out_of_range_are_400(db):
    for query in ({"event": "²"}, {"event": HUGE}, {"offset": HUGE}, {"limit": HUGE}, {"offset": "²"}):
        response = client().get("/api/v2/showings/", query)
        assert response.status_code == 400, query
        assert "message" in response.json()


def test_heartbeat_with_a_400_digit_number_is_a_400(db):
    video = MediaFactory(duration=100)
    browser = client()
    browser.force_login(UserFactory())
    for payload in ({"media": video.pk, "position": int("9" * 400)}, {"media": int("9" * 400), "position": 1}):
        response = browser.post(reverse("media:heartbeat"), json.dumps(payload), content_type="application/json")
        assert response.status_code == 400, payload
    for media in ("Infinity", "NaN", "1e308", "5.0", "true"):  # found by tests/jindu/test_input_properties.py
        raw = f'{{"media": {media}, "position": 1}}'
        assert browser.post(reverse("media:heartbeat"), raw, content_type="application/json").status_code == 400
    raw = f'{{"media": {video.pk}, "position": 1{"0" * 900}.5}}'  # a float past the largest double
    assert browser.post(reverse("media:heartbeat"), raw, content_type="application/json").status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/quiz/verify/abc%00def/",
        "/quiz/attempt/abc%00/",
        "/quiz/result/%00/",
        "/quiz/certificate/x%00/",
        "/knowledge/?tag=%00",
        "/search/?q=%E5%86%B0%00",
        "/shows/?town=%00",
        "/api/v2/showings/?town=%00",
    ],
)
def test_nul_bytes_in_addresses_are_a_400(site_tree, url):
    response = client().get(url)
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()


def test_nul_bytes_in_a_posted_form_are_a_400(quiz):
    page, _town = quiz
    response = client().post(reverse("education:start", args=[page.pk]), {"region": "1\x00"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        f"/quiz/{HUGE}/poster/",
        f"/quiz/{HUGE}/qr/",
        f"/calendar/event-{HUGE}.ics",
        f"/calendar/showing-{HUGE}.ics",
        f"/calendar/schedule-{HUGE}.ics",
        f"/materials/{HUGE}/download/",
        f"/subtitles/{HUGE}/{HUGE}.vtt",
        f"/api/v2/showings/{HUGE}/",
        f"/api/v2/events/{HUGE}/",
    ],
)
def test_huge_ids_in_addresses_are_a_404(site_tree, url):
    assert client().get(url).status_code == 404


def test_huge_id_in_a_quiz_start_is_a_404(site_tree):
    assert client().post(f"/quiz/{HUGE}/start/").status_code == 404


def test_region_import_refuses_foreign_digit_levels_and_over_long_values():
    over_long = "4" * 200
    data = f"code,name,level,parent_code\n450300,桂林市,²,\n{over_long},临桂区,2,450300\n450312,{'名' * 300},2,450300\n"
    result = import_regions(data.encode())

    assert not result.ok
    reasons = " ".join(str(error) for error in result.errors)
    assert "“²”" in reasons
    assert {error.row for error in result.errors} == {2, 3, 4}
    assert not Region.objects.exists()


def test_signed_in_student_start_with_crafted_region_is_not_a_500(quiz):
    page, _town = quiz
    browser = client()
    browser.force_login(make_student())
    assert browser.post(reverse("education:start", args=[page.pk]), {"region": "²"}).status_code in (302, 400)


def test_a_crafted_lesson_id_on_a_quiz_start_is_ignored_not_a_500(quiz):
    page, town = quiz
    for lesson in ("²", "፩", HUGE):
        response = client().post(reverse("education:start", args=[page.pk]), {"region": town.pk, "lesson": lesson})
        assert response.status_code == 302, lesson


def test_the_pinyin_slug_address_ignores_a_crafted_parent(admin_client):
    for parent in ("²", HUGE):
        response = admin_client.get(reverse("jindu_pinyin_slug"), {"title": "禁毒知识", "parent": parent})
        assert response.status_code == 200, parent
        assert response.json()["slug"] == "jindu-zhishi"
