"""A student signs in, finds the open contest on 我的课程, passes it and checks the certificate in public."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Site

from education.factories import QuestionFactory, QuizPageFactory
from education.models import Certificate, QuizAudience
from jindu.factories import RegionFactory
from schools.factories import SchoolClassFactory, SchoolFactory, StudentFactory
from schools.models import Stage
from tests.browser.conftest import PHONE, shot
from tests.conftest import make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGN_IN = "/sign-in/"
PASSWORD = "first-pass-1234"  # StudentFactory's; a registered student no longer has to change it

QUESTIONS = [
    ("“冰毒”的化学名称是什么？", [("甲基苯丙胺", True), ("可卡因", False), ("吗啡", False)]),
    ("吸毒一次不会上瘾。", [("正确", False), ("错误", True)]),
    ("“K粉”的主要成分是？", [("氯胺酮", True), ("咖啡因", False), ("尼古丁", False)]),
]


@pytest.fixture
def contest_and_student():
    home, _index = make_site_tree()
    now = timezone.now()
    contest = QuizPageFactory(
        parent=home,
        title="初中生禁毒知识竞赛",
        audience=QuizAudience.STUDENTS,
        is_contest=True,
        stage=Stage.JUNIOR,
        ask_region=False,
        attempts_allowed=3,
        pass_mark=80,
        time_limit_minutes=15,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        questions=[QuestionFactory(stem=stem, options=options) for stem, options in QUESTIONS],
    )
    school = SchoolFactory(code="DEMO450312001", name="临桂区示范中学", stage=Stage.JUNIOR, region=RegionFactory())
    student = StudentFactory(
        school_class=SchoolClassFactory(school=school, grade=8, name="1班"),
        number="202308101",
        name="梁一诺",
        registered=True,
    )
    return contest, student


def test_student_finds_the_contest_on_my_courses_passes_and_checks_the_certificate(
    live_server, phone, contest_and_student
):
    contest, student = contest_and_student
    # The certificate links its public check at the site's public address: here, the live server.
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.filter(is_default_site=True).update(hostname=host, port=int(port))
    phone.goto(live_server.url + SIGN_IN)
    phone.get_by_label("学校代码").fill(student.school.code)
    phone.get_by_label("学号").fill(student.number)
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录", exact=True).click()

    expect(phone.get_by_role("heading", level=1, name="我的课程")).to_be_visible()
    contests = phone.get_by_role("region", name="正在进行的竞赛")
    expect(contests.get_by_role("link", name="初中生禁毒知识竞赛")).to_be_visible()
    expect(contests.get_by_text("还可答题 3 次（共 3 次）")).to_be_visible()
    expect(contests.get_by_text("答题时间：")).to_be_visible()
    shot(phone, "contest-1-my-courses")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    contests.get_by_role("link", name="参加竞赛").click()

    expect(phone.get_by_role("heading", level=1, name="初中生禁毒知识竞赛")).to_be_visible()
    phone.get_by_role("button", name="开始答题").click()
    for number, (stem, options) in enumerate(QUESTIONS, start=1):
        expect(phone.get_by_text(f"第 {number} 题，共 {len(QUESTIONS)} 题")).to_be_visible()
        expect(phone.get_by_text(stem)).to_be_visible()
        phone.get_by_label(next(text for text, right in options if right)).check()
        if number < len(QUESTIONS):
            phone.get_by_role("button", name="下一题").click()
    shot(phone, "contest-2-last-question")
    phone.get_by_role("button", name="交卷").click()

    expect(phone.get_by_role("heading", name="得分：100")).to_be_visible()
    expect(phone.get_by_text("及格", exact=True)).to_be_visible()
    shot(phone, "contest-3-result")
    expect(phone.get_by_role("link", name="我的课程")).to_be_visible()
    phone.get_by_role("link", name="我的证书").click()

    expect(phone.get_by_text("荣誉证书")).to_be_visible()
    expect(phone.get_by_text("梁一诺（临桂区示范中学）")).to_be_visible()
    certificate = Certificate.objects.get(user=student.user, quiz=contest)
    expect(phone.get_by_text(f"证书编号：{certificate.code}")).to_be_visible()
    shot(phone, "contest-4-certificate")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_role("link", name=f"/quiz/verify/{certificate.code}").click()

    expect(phone.get_by_role("heading", name="证书查验")).to_be_visible()
    expect(phone.get_by_text("该证书真实有效。")).to_be_visible()
    expect(phone.get_by_text("初中生禁毒知识竞赛")).to_be_visible()
    shot(phone, "contest-5-public-check")
