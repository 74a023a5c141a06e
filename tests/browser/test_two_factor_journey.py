"""On a phone: a school administrator sets up two-step sign-in, signs in again with the app's code; a locked-out sign-in."""

from functools import partial

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from schools.factories import make_staff
from schools.models import StaffRole
from tests.browser.conftest import shot, staff_sign_in
from tests.browser.test_sign_in_journeys import fits_the_phone, open_sign_in_from_home, sign_out
from tests.conftest import make_site_tree
from tests.education.fixtures import build_world
from tests.totp import app_code as totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THROTTLE_FACTOR = 0.2


shot = partial(shot, folder="secauth")


def app_code(next_one=False):
    """What xiaozhang's authenticator app shows (tests/totp.py)."""
    return totp_code(TOTPDevice.objects.get(user__username="xiaozhang"), next_one)


@pytest.fixture
def school_admin(settings):
    settings.JINDU_2FA_REQUIRED_ROLES = ["superuser", "editor", "office", "bureau", "school_admin"]
    # django-otp makes a device wait after a wrong code: THROTTLE_FACTOR seconds after the first (1 s by default).
    settings.OTP_TOTP_THROTTLE_FACTOR = THROTTLE_FACTOR
    home, _index = make_site_tree()
    world = build_world(home)
    user = make_staff(StaffRole.SCHOOL_ADMIN, school=world.a.school, username="xiaozhang")
    user.set_password("correct-horse-battery")
    user.save()
    return world


def test_a_school_admin_sets_up_two_step_sign_in_then_signs_in_with_the_code(live_server, phone, school_admin):
    open_sign_in_from_home(phone, live_server, staff=True)
    staff_sign_in(phone, None, "xiaozhang")

    expect(phone.get_by_role("heading", name="设置两步验证")).to_be_visible()
    expect(phone.locator(".two-factor__qr svg")).to_be_visible()
    expect(phone.get_by_test_id("totp-key")).not_to_be_empty()
    assert fits_the_phone(phone)
    shot(phone, "2fa-1-setup")

    phone.get_by_label("验证码").fill(app_code())
    phone.get_by_role("button", name="确认").click()
    expect(phone.get_by_role("heading", name="你的恢复码")).to_be_visible()
    expect(phone.locator(".two-factor__codes li")).to_have_count(10)
    assert fits_the_phone(phone)
    shot(phone, "2fa-2-recovery-codes")
    phone.get_by_role("link", name="我已保存，继续").click()
    expect(phone.get_by_role("heading", name="临桂一中")).to_be_visible()
    sign_out(phone)

    # Next time: password, then the code. The code used at enrolment cannot be replayed; the app shows the next.
    open_sign_in_from_home(phone, live_server, staff=True)
    staff_sign_in(phone, None, "xiaozhang")
    expect(phone.get_by_role("heading", name="两步验证")).to_be_visible()
    phone.get_by_label("验证码").fill("000000")
    phone.get_by_role("button", name="验证").click()
    expect(phone.get_by_role("alert")).to_contain_text("验证码不正确或已过期")
    assert fits_the_phone(phone)
    shot(phone, "2fa-3-wrong-code")
    phone.wait_for_timeout(THROTTLE_FACTOR * 1000 + 100)  # a wrong code makes the next one wait (THROTTLE_FACTOR)
    phone.get_by_label("验证码").fill(app_code(next_one=True))
    phone.get_by_role("button", name="验证").click()
    expect(phone.get_by_role("heading", name="临桂一中")).to_be_visible()
    shot(phone, "2fa-4-landed")


def test_too_many_wrong_passwords_pause_sign_in_with_a_time_to_retry(live_server, phone, settings, school_admin):
    settings.AXES_FAILURE_LIMIT = 3
    open_sign_in_from_home(phone, live_server)
    for _try in range(3):
        phone.get_by_label("学校代码").fill("S1")
        phone.get_by_label("学号").fill("701")
        phone.get_by_label("密码").fill("not-the-password")
        phone.get_by_role("button", name="登录").click()
    expect(phone.get_by_role("heading", name="登录已暂停")).to_be_visible()
    expect(phone.get_by_role("alert")).to_contain_text("之后再试")
    assert fits_the_phone(phone)
    shot(phone, "lockout-phone")


def test_a_superuser_unlocks_a_locked_student_in_the_admin_on_a_desktop(live_server, chromium_browser, settings):
    settings.AXES_FAILURE_LIMIT = 3
    home, _index = make_site_tree()
    build_world(home)
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", "root@example.com", "correct-horse-battery")
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/sign-in/")
    for _try in range(3):
        page.get_by_label("学校代码").fill("S1")
        page.get_by_label("学号").fill("701")
        page.get_by_label("密码").fill("not-the-password")
        page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="登录已暂停")).to_be_visible()
    shot(page, "lockout-desktop")

    admin = chromium_browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    admin_page = admin.new_page()
    staff_sign_in(admin_page, live_server.url, "root")
    admin_page.get_by_role("button", name="设置").click()
    admin_page.get_by_role("link", name="登录锁定").click()
    expect(admin_page.get_by_role("heading", name="登录锁定")).to_be_visible()
    row = admin_page.get_by_role("row", name="s-s1-701")
    expect(row).to_contain_text("已锁定")
    shot(admin_page, "admin-sign-in-locks")
    row.get_by_role("button", name="解锁").click()
    expect(admin_page.get_by_text("账号 s-s1-701 已解锁。")).to_be_visible()

    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("学校代码").fill("S1")
    page.get_by_label("学号").fill("701")
    page.get_by_label("密码").fill("first-pass-1234")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的课程")).to_be_visible()
    admin.close()
    context.close()
