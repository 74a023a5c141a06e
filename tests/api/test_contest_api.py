"""Contests over API v2 for a student with a bearer token: the site's rules, graded on the server, no key."""

import datetime
import json

import pytest
from django.utils import timezone

from education.factories import QuizPageFactory
from education.models import Attempt, Certificate, QuizAudience, Result
from schools.factories import SchoolClassFactory, SchoolFactory, StudentFactory
from schools.models import Stage
from tests.education.layers import layer

pytestmark = pytest.mark.django_db


def post_json(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def bearer(client, code, number):
    response = post_json(
        client, "/api/v2/auth/token/", {"school_code": code, "number": number, "password": "first-pass-1234"}
    )
    assert response.status_code == 200, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def right_letters(attempt):
    return {
        f"q{position + 1}": ["ABCDEFG"[item["options"].index(pk)] for pk in item["correct"]]
        for position, item in enumerate(attempt.paper)
    }


@layer("api_contest", "api")
def shared_api_contest(below):
    return QuizPageFactory(
        parent=below.api.home,
        title="初中禁毒知识竞赛",
        is_contest=True,
        audience=QuizAudience.STUDENTS,
        stage=Stage.JUNIOR,
        attempts_allowed=2,
        questions=below.questions,
        pass_mark=60,
    )


@pytest.fixture
def contest(api_world, shared_api_contest):
    """A junior contest of two attempts on the API world's questions, built once for the tests in turn."""
    return shared_api_contest


@pytest.fixture
def primary_pupil(api_world):
    school = SchoolFactory(name="临桂小学", code="P1", region=api_world.world.town_a, stage=Stage.PRIMARY)
    return StudentFactory(school_class=SchoolClassFactory(school=school, grade=5), number="501", registered=True)


def start_url(quiz):
    return f"/api/v2/contests/{quiz.pk}/start/"


def test_student_starts_a_contest_of_their_stage_without_any_answer_key(client, contest):
    response = client.post(start_url(contest), **bearer(client, "S1", "702"))
    assert response.status_code == 201, response.content
    paper = response.json()
    assert len(paper["questions"]) == 3
    assert paper["submit_url"] == f"http://testserver/api/v2/contests/attempts/{paper['token']}/submit/"
    for question in paper["questions"]:
        assert set(question) == {"name", "number", "stem", "kind", "multiple", "options"}
        assert all(set(option) == {"value", "text"} for option in question["options"])
    assert "correct" not in response.content.decode()
    attempt = Attempt.objects.get(token=paper["token"])
    assert attempt.user.student.number == "702"
    assert "sessionid" not in response.cookies


def test_contest_start_refuses_anonymous_and_forged_tokens(client, contest):
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer forged.token"}, {"HTTP_AUTHORIZATION": "Basic abc"}):
        response = client.post(start_url(contest), **headers)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
    assert client.get(start_url(contest)).status_code == 405
    assert not Attempt.objects.filter(quiz=contest).exists()


def test_contest_of_another_stage_is_refused_over_the_api_and_on_the_site(client, contest, primary_pupil):
    auth = bearer(client, "P1", "501")
    refused = client.post(start_url(contest), **auth)
    assert refused.status_code == 403
    assert refused.json()["message"] == "本竞赛仅限初中学生参加。"
    assert client.get("/api/v2/me/contests/", **auth).json()["items"] == []
    client.force_login(primary_pupil.user)
    site = client.post(f"/quiz/{contest.pk}/start/")
    assert site.status_code == 403
    assert "本竞赛仅限初中学生参加。" in site.content.decode()
    assert not Attempt.objects.filter(quiz=contest).exists()


def test_contest_for_every_stage_takes_any_students_stage(client, contest, primary_pupil):
    contest.stage = ""
    contest.save()
    assert client.post(start_url(contest), **bearer(client, "P1", "501")).status_code == 201


def test_contest_outside_its_window_is_refused_with_the_sites_message(client, contest):
    auth = bearer(client, "S1", "702")
    now = timezone.now()
    contest.opens_at = now + datetime.timedelta(days=1)
    contest.save()
    early = client.post(start_url(contest), **auth)
    assert (early.status_code, early.json()["message"]) == (403, "本次答题尚未开始。")
    contest.opens_at, contest.closes_at = now - datetime.timedelta(days=2), now - datetime.timedelta(days=1)
    contest.save()
    late = client.post(start_url(contest), **auth)
    assert (late.status_code, late.json()["message"]) == (403, "本次答题已经结束。")


def test_public_quiz_and_unknown_ids_are_not_contests(client, api_world):
    auth = bearer(client, "S1", "702")
    assert client.post(start_url(api_world.quiz), **auth).status_code == 404
    assert client.post("/api/v2/contests/99999999999999999999/start/", **auth).status_code == 404


def test_open_attempt_is_resumed_and_the_attempt_limit_holds(client, contest):
    auth = bearer(client, "S1", "702")
    first = client.post(start_url(contest), **auth).json()
    assert client.post(start_url(contest), **auth).json()["token"] == first["token"]
    for _round in range(2):
        token = client.post(start_url(contest), **auth).json()["token"]
        answers = right_letters(Attempt.objects.get(token=token))
        submitted = post_json(client, f"/api/v2/contests/attempts/{token}/submit/", {"answers": answers}, **auth)
        assert submitted.status_code == 200
    refused = client.post(start_url(contest), **auth)
    assert (refused.status_code, refused.json()["message"]) == (403, "你的答题次数已用完。")
    assert Attempt.objects.filter(quiz=contest).count() == 2


def test_contest_submit_is_graded_on_the_server_once_with_a_certificate(client, contest):
    auth = bearer(client, "S1", "702")
    token = client.post(start_url(contest), **auth).json()["token"]
    answers = right_letters(Attempt.objects.get(token=token))
    url = f"/api/v2/contests/attempts/{token}/submit/"
    response = post_json(client, url, {"answers": answers}, **auth)
    assert response.status_code == 200
    result = response.json()
    assert (result["score"], result["passed"], result["question_count"]) == (100, True, 3)
    assert 'correct": [' not in response.content.decode()
    certificate = Certificate.objects.get(quiz=contest)
    assert result["certificate"]["code"] == certificate.code
    assert result["certificate"]["url"] == f"http://testserver/quiz/certificate/{certificate.code}/"
    assert client.get(result["certificate"]["verify_url"]).status_code == 200
    again = post_json(client, url, {"answers": answers}, **auth)
    assert again.status_code == 409
    assert Result.objects.filter(attempt__token=token).count() == 1


def test_failed_contest_paper_has_no_certificate_and_bad_answers_get_a_400(client, contest):
    auth = bearer(client, "S1", "702")
    token = client.post(start_url(contest), **auth).json()["token"]
    url = f"/api/v2/contests/attempts/{token}/submit/"
    assert post_json(client, url, {"answers": {"q9": ["A"]}}, **auth).status_code == 400
    assert client.post(url, "{not json", content_type="application/json", **auth).status_code == 400
    result = post_json(client, url, {"answers": {}}, **auth).json()
    assert (result["passed"], result["certificate"]) == (False, None)


def test_contest_attempt_shows_the_paper_then_the_result(client, contest):
    auth = bearer(client, "S1", "702")
    token = client.post(start_url(contest), **auth).json()["token"]
    url = f"/api/v2/contests/attempts/{token}/"
    open_paper = client.get(url, **auth)
    assert open_paper.status_code == 200 and len(open_paper.json()["questions"]) == 3
    assert "correct" not in open_paper.content.decode()
    answers = right_letters(Attempt.objects.get(token=token))
    post_json(client, f"{url}submit/", {"answers": answers}, **auth)
    shown = client.get(url, **auth).json()
    assert shown["score"] == 100 and shown["certificate"]["code"]
    assert client.get(url).status_code == 401


def test_another_student_cannot_see_or_submit_my_attempt(client, contest):
    token = client.post(start_url(contest), **bearer(client, "S1", "702")).json()["token"]
    other = bearer(client, "S2", "801")
    assert client.get(f"/api/v2/contests/attempts/{token}/", **other).status_code == 404
    submitted = post_json(client, f"/api/v2/contests/attempts/{token}/submit/", {"answers": {}}, **other)
    assert submitted.status_code == 404
    assert not Result.objects.exists()
    # The public quiz endpoints show anonymous attempts only.
    assert client.get(f"/api/v2/quiz/attempts/{token}/").status_code == 404


def test_my_contests_lists_the_open_contests_of_my_stage_with_attempts_and_best_score(client, contest):
    QuizPageFactory(
        parent=contest.get_parent(),
        title="小学禁毒竞赛",
        is_contest=True,
        audience=QuizAudience.STUDENTS,
        stage=Stage.PRIMARY,
        questions=[],
    )
    auth = bearer(client, "S1", "702")
    items = client.get("/api/v2/me/contests/", **auth).json()["items"]
    assert [(item["title"], item["attempts_left"], item["best_score"]) for item in items] == [
        ("初中禁毒知识竞赛", 2, None)
    ]
    assert items[0]["start_url"] == f"http://testserver{start_url(contest)}"
    token = client.post(start_url(contest), **auth).json()["token"]
    answers = right_letters(Attempt.objects.get(token=token))
    post_json(client, f"/api/v2/contests/attempts/{token}/submit/", {"answers": answers}, **auth)
    item = client.get("/api/v2/me/contests/", **auth).json()["items"][0]
    assert (item["attempts_left"], item["best_score"]) == (1, 100)
    assert item["certificate"]["code"] == Certificate.objects.get(quiz=contest).code
    assert client.get("/api/v2/me/contests/").status_code == 401
