"""No answer reaches the browser before submitting; forged and repeated submissions are refused."""

import json
import re
import threading
import time

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from education import grading
from education.factories import QuestionFactory, QuizPageFactory
from education.models import Attempt, Result
from tests.conftest import make_site_tree
from tests.education.helpers import right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def start(client, quiz, **data):
    response = client.post(reverse("education:start", args=[quiz.pk]), data)
    assert response.status_code == 302, response.content.decode()
    return Attempt.objects.get(token=response.url.rstrip("/").rsplit("/", 1)[-1])


def paper_html(client, attempt):
    response = client.get(reverse("education:attempt", args=[attempt.token]))
    assert response.status_code == 200
    return response.content.decode()


def test_paper_html_is_the_same_whichever_option_is_correct(site_tree, client):
    """Two quizzes whose only difference is the correct option render the same paper."""
    home, _index = site_tree
    options_a = [("甲基苯丙胺", True), ("氯胺酮", False), ("吗啡", False)]
    options_b = [("甲基苯丙胺", False), ("氯胺酮", True), ("吗啡", False)]
    quiz_a = QuizPageFactory(
        parent=home,
        title="测验",
        questions=[QuestionFactory(stem="冰毒是什么？", options=options_a, explanation="解析甲")],
    )
    quiz_b = QuizPageFactory(
        parent=home,
        title="测验",
        questions=[QuestionFactory(stem="冰毒是什么？", options=options_b, explanation="解析乙")],
    )

    htmls = []
    for quiz in (quiz_a, quiz_b):
        attempt = start(client, quiz)
        html = paper_html(client, attempt)
        html = html.replace(attempt.token, "TOKEN")
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
        htmls.append(html)
        assert "解析" not in html
        values = re.findall(r'name="q\d+" value="([^"]*)"', html)
        assert values == ["A", "B", "C"], "options are letters, never database ids"

    assert htmls[0] == htmls[1]


def test_landing_and_paper_pages_carry_no_answer_key(quiz, client):
    landing = client.get(quiz.url).content.decode()
    attempt = start(client, quiz)
    paper = paper_html(client, attempt)
    for html in (landing, paper):
        for marker in ("is_correct", "correct", "data-answer", "甲基苯丙胺是", "explanation"):
            assert marker not in html


def test_saving_answers_returns_no_answer_data(quiz, client):
    attempt = start(client, quiz)
    response = client.post(reverse("education:save", args=[attempt.token]), {"q1": "A"})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert set(data) == {"saved", "remaining_seconds"}
    assert data["saved"] == 1


def test_forged_post_with_an_option_not_on_the_paper_is_rejected(quiz, client):
    attempt = start(client, quiz)
    url = reverse("education:attempt", args=[attempt.token])
    for forged in ({"q1": "F"}, {"q9": "A"}, {"q1": str(attempt.paper[0]["correct"][0])}):
        response = client.post(url, forged)
        assert response.status_code == 400
        assert "答案与试卷不符" in response.content.decode()
    assert not Result.objects.exists()


def test_second_submission_of_a_token_is_a_400_and_one_result_is_stored(quiz, client):
    attempt = start(client, quiz)
    url = reverse("education:attempt", args=[attempt.token])
    assert client.post(url, right_answers(attempt)).status_code == 302
    again = client.post(url, wrong_answers(attempt))
    assert again.status_code == 400
    assert "已经提交" in again.content.decode()
    assert Result.objects.count() == 1
    assert Result.objects.get().score == 100


def test_quiz_posts_need_a_csrf_token(quiz):
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("education:start", args=[quiz.pk])).status_code == 403
    attempt = grading.start_attempt(quiz)
    assert client.post(reverse("education:attempt", args=[attempt.token]), right_answers(attempt)).status_code == 403
    assert not Result.objects.exists()


def test_signed_in_takers_attempt_is_hidden_from_others(quiz, student, client, django_user_model):
    attempt = grading.start_attempt(quiz, user=student)
    other = django_user_model.objects.create_user("other", password="x")
    client.force_login(other)
    assert client.get(reverse("education:attempt", args=[attempt.token])).status_code == 404
    assert client.post(reverse("education:attempt", args=[attempt.token]), right_answers(attempt)).status_code == 404


def test_anonymous_attempt_stores_no_personal_data(quiz, client):
    from jindu.factories import RegionFactory
    from jindu.models.regions import RegionLevel

    county = RegionFactory(name="临桂区", level=RegionLevel.DISTRICT)
    town = county.add_child(code="450312100", name="五通镇", level=RegionLevel.TOWN)
    attempt = start(client, quiz, region=town.pk)
    assert attempt.user is None and attempt.region == town
    stored = {field.name for field in Attempt._meta.get_fields()} | {field.name for field in Result._meta.get_fields()}
    assert not stored & {"ip", "ip_address", "session_key", "name", "phone", "user_agent"}


def test_picking_a_region_that_is_not_a_town_is_refused(quiz, client):
    response = client.post(reverse("education:start", args=[quiz.pk]), {"region": "abc"})
    assert response.status_code == 400
    assert "请从列表中选择" in response.content.decode()


def test_anonymous_starts_are_limited_per_session(quiz, client, settings):
    settings.EDUCATION_ANONYMOUS_ACTIONS_PER_SESSION = 2
    for _round in range(1):
        attempt = start(client, quiz)
        client.post(reverse("education:attempt", args=[attempt.token]), right_answers(attempt))
    response = client.post(reverse("education:start", args=[quiz.pk]))
    assert response.status_code == 429
    assert "请一小时后再试" in response.content.decode()
    assert Client().post(reverse("education:start", args=[quiz.pk])).status_code == 302, (
        "another browser is not held back"
    )


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_of_one_token_store_one_result():
    home, _index = make_site_tree()
    quiz = QuizPageFactory(parent=home, questions=[QuestionFactory() for _ in range(5)])
    attempt = grading.start_attempt(quiz)
    answers = right_answers(attempt)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            own = Attempt.objects.select_related("quiz").get(pk=attempt.pk)
            barrier.wait()
            for _try in range(50):
                try:
                    grading.submit(own, answers)
                    outcomes.append("stored")
                    return
                except OperationalError:
                    # SQLite's shared in-memory test database locks whole tables instead of
                    # waiting; PostgreSQL never gets here. Try again, as a busy timeout would.
                    time.sleep(0.02)
        except grading.AlreadySubmitted:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused", "stored"]
    assert Result.objects.filter(attempt=attempt).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_result_for_one_attempt():
    from django.db import IntegrityError

    home, _index = make_site_tree()
    quiz = QuizPageFactory(parent=home, questions=[QuestionFactory()])
    attempt = grading.start_attempt(quiz)
    fields = {"quiz": quiz, "correct_count": 1, "question_count": 1, "score": 100, "passed": True}
    Result.objects.create(attempt=attempt, **fields)
    with pytest.raises(IntegrityError):
        Result.objects.create(attempt=attempt, **fields)
