"""Quizzes found where people look: the home page, 我的课程, and the certificate's public check."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from education import grading
from education.demo import add_quiz_to_menu
from education.factories import QuizPageFactory
from education.models import Certificate, QuizAudience
from jindu.factories import RegionFactory
from jindu.models import MainMenu, MainMenuItem
from schools.factories import StudentFactory
from schools.models import Stage
from tests.education.helpers import right_answers

pytestmark = pytest.mark.django_db


def make_contest(home, questions, **kwargs):
    now = timezone.now()
    fields = {
        "audience": QuizAudience.STUDENTS,
        "is_contest": True,
        "attempts_allowed": 3,
        "pass_mark": 60,
        "opens_at": now - datetime.timedelta(days=1),
        "closes_at": now + datetime.timedelta(days=10),
        "questions": questions,
    }
    fields.update(kwargs)
    return QuizPageFactory(parent=home, **fields)


@pytest.fixture
def junior_student():
    return StudentFactory(
        registered=True, school_class__school__stage=Stage.JUNIOR, school_class__school__region=RegionFactory()
    )


def in_zh_hans(moment, format_name):
    with translation.override("zh-hans"):
        return formats.date_format(timezone.localtime(moment), format_name)


class TestHomePage:
    def test_home_page_offers_the_open_public_quiz_and_nothing_else(self, site_tree, questions, client):
        home, _index = site_tree
        now = timezone.now()
        awareness = QuizPageFactory(parent=home, title="禁毒知识有奖问答", questions=questions)
        make_contest(home, questions, title="初中生禁毒知识竞赛")
        QuizPageFactory(parent=home, title="去年的问答", closes_at=now - datetime.timedelta(days=1))
        QuizPageFactory(parent=home, title="下月的问答", opens_at=now + datetime.timedelta(days=30))
        QuizPageFactory(parent=home, title="未发布的问答", live=False)

        html = client.get(home.url).content.decode()

        assert "禁毒知识答题" in html
        assert f'<a href="{awareness.url}">禁毒知识有奖问答</a>' in html
        assert "共 3 题" in html
        assert "参加答题" in html
        for hidden in ("初中生禁毒知识竞赛", "去年的问答", "下月的问答", "未发布的问答"):
            assert hidden not in html

    def test_home_page_without_an_open_quiz_shows_no_empty_section(self, site_tree, client):
        home, _index = site_tree
        assert "禁毒知识答题" not in client.get(home.url).content.decode()

    def test_home_page_quiz_cards_cost_the_same_queries_for_one_quiz_or_three(self, site_tree, questions, client):
        home, _index = site_tree
        QuizPageFactory(parent=home, questions=questions)
        client.get(home.url)
        with CaptureQueriesContext(connection) as one:
            client.get(home.url)
        QuizPageFactory(parent=home, questions=questions)
        QuizPageFactory(parent=home, rules=[{"count": 2, "tag": "毒品种类"}])
        with CaptureQueriesContext(connection) as three:
            html = client.get(home.url).content.decode()
        assert html.count("参加答题") == 3
        assert len(three) == len(one)

    def test_demo_menu_links_the_awareness_quiz_once_before_search(self, site_tree, questions):
        home, index = site_tree
        quiz = QuizPageFactory(parent=home, questions=questions)
        menu = MainMenu.objects.create(site=home.get_site())
        MainMenuItem.objects.create(menu=menu, link_page=index, sort_order=0)
        add_quiz_to_menu(home, quiz)
        add_quiz_to_menu(home, quiz)
        items = list(menu.get_items())
        assert [item.title for item in items] == [index.title, "有奖问答"]
        assert items[1].link_page.specific == quiz


class TestMyCourses:
    def test_open_contest_for_the_students_stage_shows_its_window_and_attempts_left(
        self, site_tree, questions, junior_student, client
    ):
        home, _index = site_tree
        contest = make_contest(home, questions, title="初中生禁毒知识竞赛")
        make_contest(home, questions, title="小学生禁毒知识竞赛", stage=Stage.PRIMARY)
        make_contest(home, questions, title="已结束的竞赛", closes_at=timezone.now() - datetime.timedelta(hours=1))
        QuizPageFactory(parent=home, title="公众有奖问答", questions=questions)
        client.force_login(junior_student.user)

        html = client.get(reverse("portal:my_courses")).content.decode()

        assert "正在进行的竞赛" in html
        assert f'<a href="{contest.url}">初中生禁毒知识竞赛</a>' in html
        opens = in_zh_hans(contest.opens_at, "DATETIME_FORMAT")
        closes = in_zh_hans(contest.closes_at, "DATETIME_FORMAT")
        assert f"答题时间：{opens} 至 {closes}" in html
        assert "还可答题 3 次（共 3 次）" in html
        assert "参加竞赛" in html
        for hidden in ("小学生禁毒知识竞赛", "已结束的竞赛", "公众有奖问答"):
            assert hidden not in html

    def test_a_contest_for_every_stage_and_one_for_this_stage_both_show(
        self, site_tree, questions, junior_student, client
    ):
        home, _index = site_tree
        make_contest(home, questions, title="全区禁毒知识竞赛", closes_at=None, attempts_allowed=0)
        make_contest(home, questions, title="初中禁毒竞赛", stage=Stage.JUNIOR)
        client.force_login(junior_student.user)
        html = client.get(reverse("portal:my_courses")).content.decode()
        assert "全区禁毒知识竞赛" in html and "初中禁毒竞赛" in html
        assert "长期开放" in html and "不限答题次数" in html
        # The one that closes first comes first; the one that never closes last.
        assert html.index("初中禁毒竞赛") < html.index("全区禁毒知识竞赛")

    def test_attempts_left_and_best_score_follow_the_students_attempts(
        self, site_tree, questions, junior_student, client
    ):
        home, _index = site_tree
        contest = make_contest(home, questions, attempts_allowed=1)
        attempt = grading.start_attempt(contest, user=junior_student.user)
        grading.submit(attempt, right_answers(attempt))
        client.force_login(junior_student.user)

        html = client.get(reverse("portal:my_courses")).content.decode()

        assert "还可答题 0 次（共 1 次）" in html
        assert "你的最好成绩：100 分" in html
        assert "参加竞赛" not in html
        assert f'<a href="{contest.url}">查看成绩</a>' in html

    def test_contest_list_costs_the_same_queries_for_one_contest_or_four(
        self, site_tree, questions, junior_student, client
    ):
        home, _index = site_tree
        make_contest(home, questions)
        client.force_login(junior_student.user)
        client.get(reverse("portal:my_courses"))
        with CaptureQueriesContext(connection) as one:
            client.get(reverse("portal:my_courses"))
        for _number in range(3):
            contest = make_contest(home, questions)
            attempt = grading.start_attempt(contest, user=junior_student.user)
            grading.submit(attempt, right_answers(attempt))
        with CaptureQueriesContext(connection) as four:
            html = client.get(reverse("portal:my_courses")).content.decode()
        assert html.count("你的最好成绩") == 3
        assert len(four) == len(one)


class TestCertificate:
    def test_result_links_the_certificate_and_the_certificate_links_its_public_check(
        self, site_tree, questions, junior_student, client
    ):
        home, _index = site_tree
        contest = make_contest(home, questions)
        client.force_login(junior_student.user)
        start = client.post(reverse("education:start", args=[contest.pk]))
        attempt = grading.Attempt.objects.get(user=junior_student.user)
        client.post(start.url, right_answers(attempt))
        certificate = Certificate.objects.get(user=junior_student.user)

        result = client.get(reverse("education:result", args=[attempt.token])).content.decode()
        certificate_url = reverse("education:certificate", args=[certificate.code])
        assert f'href="{certificate_url}"' in result

        page = client.get(certificate_url).content.decode()
        verify_url = "http://testserver" + reverse("education:verify", args=[certificate.code])
        assert f'<a href="{verify_url}">{verify_url}</a>' in page
        assert in_zh_hans(certificate.result.submitted_at, "DATE_FORMAT") in page

        client.logout()
        check = client.get(verify_url).content.decode()
        assert "该证书真实有效。" in check and contest.title in check


def test_editor_picks_a_contests_stage_from_a_chinese_list(site_tree, questions, admin_client):
    home, _index = site_tree
    contest = make_contest(home, questions)
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[contest.pk])).content.decode()
    select = html[html.index('name="stage"') : html.index("</select>", html.index('name="stage"'))]
    assert '<option value="" selected>所有学段</option>' in select
    assert "初中" in select and "---------" not in select


def test_a_students_result_leads_back_to_my_courses_and_a_readers_does_not(
    site_tree, questions, junior_student, client
):
    home, _index = site_tree
    contest = make_contest(home, questions)
    public = QuizPageFactory(parent=home, questions=questions)
    my_courses = f'<a href="{reverse("portal:my_courses")}">我的课程</a>'

    anonymous = grading.start_attempt(public)
    grading.submit(anonymous, right_answers(anonymous))
    assert my_courses not in client.get(reverse("education:result", args=[anonymous.token])).content.decode()

    attempt = grading.start_attempt(contest, user=junior_student.user)
    grading.submit(attempt, right_answers(attempt))
    client.force_login(junior_student.user)
    assert my_courses in client.get(reverse("education:result", args=[attempt.token])).content.decode()
