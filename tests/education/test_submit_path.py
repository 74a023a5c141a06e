"""Starting and submitting cost a fixed number of queries, and the lean submit path keeps every rule."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from education import attempt_store, grading
from education.factories import LessonPageFactory, QuestionFactory, QuizPageFactory
from education.models import Attempt, Certificate, LessonProgress, QuizAudience, Result
from jindu.models import FooterSettings
from tests.education.helpers import letters_for, right_answers, wrong_answers

pytestmark = pytest.mark.django_db

# Submitting a passed contest paper: the session, the user, the attempt with its quiz's rules,
# then the result and the certificate: on PostgreSQL one statement, elsewhere two inside one
# transaction (a savepoint and its release here). In production the session comes from Redis.
# Starting one: the view restrictions and the quiz, the session
# and the user, open attempts, the student check (Student row, then the group), the fixed
# questions, the draw rules, one rule's candidates, the options, and the new attempt; and, so that concurrent
# starts cannot pass the attempt limit, the lock of the user row inside a transaction (a savepoint in a test).
SUBMIT_QUERIES = {"postgresql": 4}.get(connection.vendor, 7)
START_QUERIES = 15
# Refusing a double-click: the session, the user and the attempt; the page around it comes from the cache,
# but for the header's unread-message badge (one COUNT on an index).
REFUSAL_QUERIES = 4


def make_contest(site_tree, size, **fields):
    """A contest drawing all of `size` questions."""
    home, _index = site_tree
    for _ in range(size):
        QuestionFactory(tags=["竞赛"])
    fields = {
        "audience": QuizAudience.STUDENTS,
        "is_contest": True,
        "time_limit_minutes": 30,
        "rules": [{"count": size, "tag": "竞赛"}],
        **fields,
    }
    return QuizPageFactory(parent=home, **fields)


def attempt_of(response):
    assert response.status_code == 302, response.content.decode()
    return Attempt.objects.get(token=response.url.rstrip("/").rsplit("/", 1)[-1])


def start_via(client, quiz):
    return attempt_of(client.post(reverse("education:start", args=[quiz.pk])))


@pytest.mark.parametrize("size", [2, 12])
def test_submitting_a_contest_paper_costs_the_same_queries_whatever_its_length(
    site_tree, student, client, django_assert_num_queries, size
):
    contest = make_contest(site_tree, size)
    client.force_login(student)
    attempt = start_via(client, contest)
    with django_assert_num_queries(SUBMIT_QUERIES):
        response = client.post(reverse("education:attempt", args=[attempt.token]), right_answers(attempt))
    assert response.status_code == 302
    assert response.url == reverse("education:result", args=[attempt.token])
    result = Result.objects.get(attempt=attempt)
    assert (result.score, result.question_count, result.user) == (100, size, student)
    assert Certificate.objects.get(quiz=contest, user=student).result == result


@pytest.mark.parametrize("size", [2, 12])
def test_starting_a_contest_costs_the_same_queries_whatever_its_length(
    site_tree, student, client, django_assert_num_queries, size
):
    contest = make_contest(site_tree, size)
    client.force_login(student)
    client.get(contest.url)  # warm the site caches, as any page view before starting does
    with django_assert_num_queries(START_QUERIES):
        response = client.post(reverse("education:start", args=[contest.pk]))
    attempt = attempt_of(response)
    assert len(attempt.paper) == size and attempt.user == student


def test_certificate_moves_only_to_a_strictly_better_result(site_tree, student, client):
    contest = make_contest(site_tree, 3, pass_mark=60, attempts_allowed=0)
    client.force_login(student)

    def submit(right):
        attempt = start_via(client, contest)
        answers = right_answers(attempt)
        wrong = wrong_answers(attempt)
        for position in range(3 - right):
            name = grading.field_name(position)
            answers[name] = wrong[name]
        assert client.post(reverse("education:attempt", args=[attempt.token]), answers).status_code == 302
        return Result.objects.get(attempt=attempt)

    first = submit(right=2)
    assert first.score == 67 and Certificate.objects.get().result == first
    best = submit(right=3)
    assert Certificate.objects.get().result == best
    submit(right=2)
    submit(right=3)
    certificate = Certificate.objects.get()
    assert certificate.result == best, "an equal score keeps the earlier result"
    assert Certificate.objects.count() == 1


def test_a_failed_contest_paper_earns_no_certificate(site_tree, student, client):
    contest = make_contest(site_tree, 3)
    client.force_login(student)
    attempt = start_via(client, contest)
    assert client.post(reverse("education:attempt", args=[attempt.token]), wrong_answers(attempt)).status_code == 302
    assert not Result.objects.get(attempt=attempt).passed
    assert not Certificate.objects.exists()


def test_passing_through_the_form_completes_the_lesson_that_uses_the_quiz(world, client):
    quiz = QuizPageFactory(parent=world.course7, questions=[QuestionFactory() for _ in range(2)])
    unpublished = LessonPageFactory(parent=world.course7, quiz=quiz, live=False)
    assert attempt_store.attempt_for_submit(grading.start_attempt(quiz).token).quiz_in_lessons
    lesson = LessonPageFactory(parent=world.course7, quiz=quiz)
    user = world.c.user
    client.force_login(user)
    attempt = start_via(client, quiz)
    assert attempt_store.attempt_for_submit(attempt.token).quiz_in_lessons

    assert client.post(reverse("education:attempt", args=[attempt.token]), right_answers(attempt)).status_code == 302

    assert LessonProgress.objects.get(user=user, lesson=lesson).quiz_passed
    assert not LessonProgress.objects.filter(lesson=unpublished).exists()


def test_submit_loader_reads_what_grading_needs_and_nothing_stale(site_tree, student, django_assert_num_queries):
    contest = make_contest(site_tree, 2, pass_mark=80)
    attempt = grading.start_attempt(contest, user=student)

    loaded = attempt_store.attempt_for_submit(attempt.token)
    assert (loaded.pk, loaded.user_id, loaded.paper, loaded.deadline) == (
        attempt.pk,
        student.pk,
        attempt.paper,
        attempt.deadline,
    )
    assert (loaded.quiz.pk, loaded.quiz.pass_mark, loaded.quiz.is_contest) == (contest.pk, 80, True)
    assert not loaded.is_submitted and not loaded.quiz_in_lessons
    assert loaded.quiz.title == contest.title, "other quiz fields load when touched"
    assert attempt_store.attempt_for_submit("no-such-token") is None

    grading.submit(loaded, right_answers(loaded))
    with django_assert_num_queries(0):
        assert loaded.is_submitted and loaded.result.score == 100, "the stored result is kept on the attempt"
    again = attempt_store.attempt_for_submit(attempt.token)
    assert again.is_submitted and again.result.score == 100
    with pytest.raises(grading.AlreadySubmitted):
        grading.submit(again, right_answers(again))


def test_a_submission_racing_past_the_loader_is_refused_by_the_key(site_tree, student):
    """Two requests both read "no result yet"; the database keeps the first and refuses the second."""
    contest = make_contest(site_tree, 2)
    attempt = grading.start_attempt(contest, user=student)
    first = attempt_store.attempt_for_submit(attempt.token)
    second = attempt_store.attempt_for_submit(attempt.token)

    grading.submit(first, right_answers(first))
    with pytest.raises(grading.AlreadySubmitted):
        grading.submit(second, wrong_answers(second))
    assert Result.objects.get(attempt=attempt).score == 100


def test_late_form_submission_through_the_lean_path_grades_the_saved_answers(site_tree, student, client):
    contest = make_contest(site_tree, 2, time_limit_minutes=1)
    client.force_login(student)
    attempt = start_via(client, contest)
    first = attempt.paper[0]
    saved = {grading.field_name(0): letters_for(first, first["correct"])}
    assert client.post(reverse("education:save", args=[attempt.token]), saved).status_code == 200
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=5))

    response = client.post(reverse("education:attempt", args=[attempt.token]), right_answers(attempt))

    assert response.status_code == 400 and "答题时间已到" in response.content.decode()
    result = Result.objects.get(attempt=attempt)
    assert result.timed_out and result.correct_count == 1


def test_a_double_click_is_refused_for_no_more_than_the_submit_reads(
    site_tree, student, client, page_cache, django_assert_num_queries
):
    """The refusal is a whole site page (header, menu, footer with the ICP number) without extra queries."""
    home, _index = site_tree
    footer = FooterSettings.for_site(home.get_site())
    footer.icp_number = "桂ICP备12345678号-1"
    footer.save()
    contest = make_contest(site_tree, 3)
    client.force_login(student)
    attempt = start_via(client, contest)
    url = reverse("education:attempt", args=[attempt.token])
    answers = right_answers(attempt)
    assert client.post(url, answers).status_code == 302
    client.get(reverse("search"))  # any page view warms the site frame
    # The session and user come from the cache and the database as on any request; then the attempt and the badge.
    with django_assert_num_queries(REFUSAL_QUERIES):
        response = client.post(url, answers)
    assert response.status_code == 400
    html = response.content.decode()
    assert "这份答卷已经提交过了，只有第一次提交有效。" in html
    assert "桂ICP备12345678号-1" in html.split('<footer class="site-footer"', 1)[1]
    assert "wagtail-userbar" not in html
    assert Result.objects.filter(attempt=attempt).count() == 1
