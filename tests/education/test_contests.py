import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from education import contests, grading
from education.factories import QuestionFactory, QuizPageFactory, make_student
from education.models import Certificate, QuizAudience, Result
from tests.education.helpers import right_answers, wrong_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest(site_tree, questions):
    home, _index = site_tree
    now = timezone.now()
    return QuizPageFactory(
        parent=home,
        title="初中生禁毒知识竞赛",
        audience=QuizAudience.STUDENTS,
        is_contest=True,
        attempts_allowed=2,
        pass_mark=60,
        show_explanations=False,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
        questions=questions,
    )


def submit_via(client, quiz, answers_for):
    response = client.post(reverse("education:start", args=[quiz.pk]))
    assert response.status_code == 302, response.content.decode()
    token = response.url.rstrip("/").rsplit("/", 1)[-1]
    attempt = grading.Attempt.objects.get(token=token)
    return client.post(response.url, answers_for(attempt))


def test_anonymous_visitors_are_sent_to_sign_in(contest, client):
    response = client.post(reverse("education:start", args=[contest.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("sign_in") + "?next=")
    assert "请使用学生账号登录后答题" in client.get(contest.url).content.decode()


def test_signed_in_non_students_may_not_take_a_contest(contest, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("parent", password="x"))
    response = client.post(reverse("education:start", args=[contest.pk]))
    assert response.status_code == 403
    assert "仅限学生参加" in response.content.decode()


def test_contest_refuses_outside_its_window(contest, student, client):
    client.force_login(student)
    contest.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    contest.save()
    assert "已经结束" in client.post(reverse("education:start", args=[contest.pk])).content.decode()
    contest.opens_at, contest.closes_at = timezone.now() + datetime.timedelta(hours=1), None
    contest.save()
    assert "尚未开始" in client.post(reverse("education:start", args=[contest.pk])).content.decode()


def test_attempts_are_limited_and_the_best_one_counts_with_a_certificate(contest, student, client):
    client.force_login(student)
    assert submit_via(client, contest, right_answers).status_code == 302
    assert submit_via(client, contest, wrong_answers).status_code == 302
    third = client.post(reverse("education:start", args=[contest.pk]))
    assert third.status_code == 403 and "答题次数已用完" in third.content.decode()

    best = contests.best_result_of(contest, student)
    assert best.score == 100
    certificate = Certificate.objects.get(quiz=contest, user=student)
    assert certificate.result == best
    assert [(rank, result.user) for rank, result in contests.ranking(contest)] == [(1, student)]


def test_resuming_instead_of_starting_a_second_paper(contest, student, client):
    client.force_login(student)
    first = client.post(reverse("education:start", args=[contest.pk]))
    second = client.post(reverse("education:start", args=[contest.pk]))
    assert first.url == second.url
    assert contests.attempts_left(contest, student) == 1


def test_ranking_shares_ranks_for_equal_scores(contest):
    students = [make_student(display_name=name) for name in ("甲", "乙", "丙")]
    for user, answers in zip(students, (right_answers, right_answers, wrong_answers), strict=True):
        attempt = grading.start_attempt(contest, user=user)
        grading.submit(attempt, answers(attempt))
    assert [rank for rank, _result in contests.ranking(contest)] == [1, 1, 3]


def test_certificate_is_for_its_holder_and_verifies_publicly_with_masked_name_and_score_only(
    contest, student, client, django_user_model
):
    attempt = grading.start_attempt(contest, user=student)
    grading.submit(attempt, right_answers(attempt))
    certificate = Certificate.objects.get()

    client.force_login(student)
    page = client.get(reverse("education:certificate", args=[certificate.code])).content.decode()
    assert "荣誉证书" in page and "王小明" in page and "100" in page
    assert 'src="data:image/svg+xml' in page
    assert reverse("education:verify", args=[certificate.code]) in page

    client.force_login(django_user_model.objects.create_user("snoop", password="x"))
    assert client.get(reverse("education:certificate", args=[certificate.code])).status_code == 404

    client.logout()
    verify = client.get(reverse("education:verify", args=[certificate.code])).content.decode()
    assert "该证书真实有效" in verify and "王*明" in verify and "100" in verify
    assert "王小明" not in verify, "the public check shows the name masked"
    assert "<dt>姓名</dt>" in verify, "a person has a 姓名, not a 名称"
    assert "xiaoming" not in verify, "the username is not shown"
    assert "甲基苯丙胺" not in verify
    assert client.get(reverse("education:verify", args=["NOSUCHCODE"])).status_code == 404


def test_contest_result_hides_the_key_when_explanations_are_off(contest, student, client):
    client.force_login(student)
    response = submit_via(client, contest, wrong_answers)
    result_page = client.get(response.url).content.decode()
    assert "得分：0" in result_page and "错误" in result_page
    assert "正确答案" not in result_page and "解析" not in result_page


def test_public_result_shows_score_verdict_key_explanations_and_retake(quiz, client):
    response = submit_via(client, quiz, right_answers)
    page = client.get(response.url).content.decode()
    assert "得分：100" in page and "及格" in page and "共 3 题，答对 3 题" in page
    assert "正确答案" in page and "冰毒是甲基苯丙胺" in page
    assert "再答一次" in page


def test_quiz_page_offers_a_poster_and_qr_code_images(quiz, client):
    assert reverse("education:quiz_poster", args=[quiz.pk]) in client.get(quiz.url).content.decode()
    poster = client.get(reverse("education:quiz_poster", args=[quiz.pk])).content.decode()
    assert "扫码答题" in poster
    svg = client.get(reverse("education:quiz_qr", args=[quiz.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = client.get(reverse("education:quiz_qr", args=[quiz.pk]), {"format": "png"})
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")


def test_timed_out_attempt_shows_a_result_when_reopened(quiz, client):
    quiz.time_limit_minutes = 1
    quiz.save()
    attempt = grading.start_attempt(quiz, now=timezone.now() - datetime.timedelta(minutes=5))
    response = client.get(reverse("education:attempt", args=[attempt.token]))
    assert response.status_code == 302
    assert Result.objects.get(attempt=attempt).timed_out
    assert "答题超时" in client.get(response.url).content.decode()


def test_late_post_is_refused_with_a_400_and_one_stored_result(quiz, client):
    quiz.time_limit_minutes = 1
    quiz.save()
    attempt = grading.start_attempt(quiz, now=timezone.now() - datetime.timedelta(minutes=5))
    response = client.post(reverse("education:attempt", args=[attempt.token]), right_answers(attempt))
    assert response.status_code == 400
    assert "答题时间已到" in response.content.decode()
    assert Result.objects.get(attempt=attempt).correct_count == 0


def test_contest_landing_query_count_does_not_grow_with_the_ranking(contest, student, client):
    client.force_login(student)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(contest.url).status_code == 200
        return len(captured)

    for user in [make_student() for _ in range(2)]:
        attempt = grading.start_attempt(contest, user=user)
        grading.submit(attempt, right_answers(attempt))
    count_queries()  # warm the site and permission caches
    few = count_queries()
    for user in [make_student() for _ in range(6)]:
        attempt = grading.start_attempt(contest, user=user)
        grading.submit(attempt, wrong_answers(attempt))
    assert count_queries() == few


def test_paper_query_count_does_not_grow_with_questions(site_tree, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home, _index = site_tree
    counts = []
    client.get("/")  # warm the site caches
    for size in (2, 12):
        quiz = QuizPageFactory(parent=home, questions=[QuestionFactory() for _ in range(size)])
        attempt = grading.start_attempt(quiz)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("education:attempt", args=[attempt.token])).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
