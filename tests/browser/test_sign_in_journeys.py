"""Signing in on a phone from the home page, as a student, a teacher and a town officer, then signing out."""

from functools import partial

import pytest
from playwright.sync_api import expect

from schools.accounts import issue_passwords
from schools.factories import make_teacher
from tests.browser.conftest import shot, staff_sign_in
from tests.campaigns.conftest import make_people, make_regions
from tests.conftest import make_site_tree
from tests.education.fixtures import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


shot = partial(shot, folder="signin")


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def open_sign_in_from_home(page, live_server, staff=False):
    page.goto(live_server.url + "/")
    page.get_by_role("banner").get_by_role("link", name="登录").click()
    expect(page.get_by_role("heading", name="学生登录")).to_be_visible()
    if staff:
        page.get_by_role("link", name="教职工登录").click()
        expect(page.get_by_role("heading", name="教职工登录")).to_be_visible()


def sign_out(page):
    page.get_by_role("banner").get_by_role("button", name="退出").click()
    expect(page.get_by_role("banner").get_by_role("link", name="登录")).to_be_visible()


@pytest.fixture
def world():
    home, _index = make_site_tree()
    return build_world(home)


def test_a_student_signs_in_changes_the_one_time_password_and_signs_out(live_server, phone, world):
    [(_student, one_time)] = issue_passwords([world.c])

    open_sign_in_from_home(phone, live_server)
    assert fits_the_phone(phone)
    shot(phone, "student-1-sign-in")
    phone.get_by_label("学校代码").fill(" s1 ")
    phone.get_by_label("学号").fill("７０３")
    phone.get_by_label("密码").fill("not-the-password")
    phone.get_by_role("button", name="登录").click()
    expect(phone.get_by_role("alert")).to_contain_text("学校代码、学号或密码不正确")
    expect(phone.get_by_label("学校代码")).to_have_value(" s1 ")
    shot(phone, "student-2-wrong-password")

    phone.get_by_label("密码").fill(one_time)
    phone.get_by_role("button", name="登录").click()
    expect(phone.get_by_role("heading", name="设置你的密码")).to_be_visible()
    phone.get_by_label("新密码", exact=True).fill("ab12")
    phone.get_by_label("再输入一次新密码").fill("ab12")
    phone.get_by_role("button", name="保存密码").click()
    expect(phone.get_by_text("密码太短，至少需要 8 个字符。")).to_be_visible()
    shot(phone, "student-3-too-short")

    phone.get_by_label("新密码", exact=True).fill("qingshan-2025")
    phone.get_by_label("再输入一次新密码").fill("qingshan-2025")
    phone.get_by_role("button", name="保存密码").click()
    expect(phone.get_by_role("heading", name="我的课程")).to_be_visible()
    expect(phone.get_by_text("七年级禁毒课").first).to_be_visible()
    assert fits_the_phone(phone)
    shot(phone, "student-4-my-courses")

    sign_out(phone)
    expect(phone.get_by_role("heading", name="学生登录")).to_be_visible()
    shot(phone, "student-5-signed-out")


def test_a_teacher_signs_in_from_the_home_page_and_lands_on_their_class(live_server, phone, world):
    make_teacher(world.class71, username="wang.laoshi")

    open_sign_in_from_home(phone, live_server, staff=True)
    shot(phone, "teacher-1-staff-sign-in")
    staff_sign_in(phone, None, "wang.laoshi")
    expect(phone.get_by_role("heading", name="临桂一中 七年级1班")).to_be_visible()
    assert fits_the_phone(phone)
    shot(phone, "teacher-2-class")

    sign_out(phone)
    expect(phone.get_by_role("heading", name="教职工登录")).to_be_visible()


def test_an_officer_signs_in_from_the_home_page_and_lands_on_their_reports(live_server, phone):
    make_site_tree()
    make_people(make_regions())

    open_sign_in_from_home(phone, live_server, staff=True)
    staff_sign_in(phone, None, "officer_a")
    expect(phone.get_by_role("heading", name="活动报表")).to_be_visible()
    assert phone.url == live_server.url + "/reports/"
    assert fits_the_phone(phone)
    shot(phone, "officer-1-reports")

    sign_out(phone)
    expect(phone.get_by_role("heading", name="教职工登录")).to_be_visible()
