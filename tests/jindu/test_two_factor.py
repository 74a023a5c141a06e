"""Two-step sign-in for staff: which roles need it, enrolment, the code, recovery codes, idle staff sessions."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jindu.factories import UserFactory
from jindu.models import Region
from jindu.twofactor import requires_two_factor, roles_of
from schools.factories import make_staff
from schools.models import StaffRole
from tests.campaigns.conftest import make_people
from tests.education import conftest as education
from tests.education.layers import layer
from tests.totp import app_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
PRODUCTION_ROLES = ["superuser", "editor", "office", "bureau", "school_admin"]


@pytest.fixture
def required(settings):
    settings.JINDU_2FA_REQUIRED_ROLES = PRODUCTION_ROLES


# The education world and its site, built once for the tests asking for them in turn (tests/education/layers.py).
site_tree, world, shared_site, shared_world, layer_stack, layer_copies = education.WORLD_FIXTURES


@layer("everyone", "site", "world")
def shared_everyone(below):
    world = below.world
    school = world.a.school
    town_a = school.region
    regions = SimpleNamespace(
        town_a=town_a,
        town_b=world.d.school.region,
        district=town_a.get_parent(),
        other_city=Region.objects.get(code="431100"),
    )
    people = make_people(regions)
    editor = UserFactory(username="bianji")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return {
        "superuser": UserFactory(username="root", is_superuser=True),
        "editor": editor,
        "office": people.office,
        "bureau": make_staff(StaffRole.BUREAU, region=school.region.get_parent(), username="jiaoyuju"),
        "school_admin": make_staff(StaffRole.SCHOOL_ADMIN, school=school, username="xiaozhang"),
        "teacher": make_staff(StaffRole.TEACHER, school=school, classes=[world.a.school_class], username="laoshi"),
        "officer": people.officer_a,
        "student": world.a.user,
    }


@pytest.fixture
def everyone(world, shared_everyone):
    """A user of each role, built once for the tests asking for them in turn."""
    return shared_everyone


class Clock:
    """`django.utils.timezone.now` moved on by hand instead of waiting: django-otp's delay after a wrong code and
    the sessions' expiry read the time there. TOTP codes follow the real time, on both sides of the check."""

    def __init__(self, now):
        self.real_now = now
        self.offset = datetime.timedelta()

    def now(self):
        return self.real_now() + self.offset

    def sleep(self, seconds):
        self.offset += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(timezone.now)
    monkeypatch.setattr(timezone, "now", clock.now)
    return clock


def test_roles_are_found_as_the_landing_page_finds_them(everyone):
    for role, user in everyone.items():
        assert role in roles_of(user), role
    assert roles_of(everyone["student"]) == {"student"}


def test_production_roles_need_two_steps_and_teachers_officers_and_students_do_not(required, everyone):
    needing = {role for role, user in everyone.items() if requires_two_factor(user)}
    assert needing == set(PRODUCTION_ROLES)


def test_the_setting_can_add_teachers(settings, everyone):
    settings.JINDU_2FA_REQUIRED_ROLES = ["teacher"]
    assert requires_two_factor(everyone["teacher"]) and not requires_two_factor(everyone["editor"])


def test_off_in_the_test_settings(everyone):
    assert not any(requires_two_factor(user) for user in everyone.values())


def staff_sign_in(client, username):
    return client.post("/sign-in/?as=staff", {"username": username, "password": PASSWORD})


class TestEnrolAndVerify:
    @pytest.fixture
    def admin(self, required):
        return UserFactory(username="root", is_superuser=True, password=PASSWORD)

    def enrol(self, client):
        setup = client.get(reverse("two_factor_setup"))
        assert setup.status_code == 200
        assert "设置两步验证" in setup.content.decode() and "<svg" in setup.content.decode()
        device = TOTPDevice.objects.get(user__username="root", confirmed=False)
        done = client.post(reverse("two_factor_setup"), {"otp_token": app_code(device)})
        assert done.status_code == 200 and "你的恢复码" in done.content.decode()
        return device, done.context["codes"]

    def test_a_superuser_without_a_device_is_sent_to_enrol_and_reaches_nothing_else(self, client, admin):
        response = staff_sign_in(client, "root")
        assert response.status_code == 302
        response = client.get(response["Location"])
        assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_setup"))
        for path in ("/admin/", "/school/", "/reports/", "/"):
            blocked = client.get(path)
            assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("two_factor_setup")), path

    def test_enrolment_confirms_with_a_code_shows_recovery_codes_once_and_opens_the_admin(self, client, admin, clock):
        staff_sign_in(client, "root")
        bad = client.post(reverse("two_factor_setup"), {"otp_token": "000000"})
        assert "验证码不正确或已过期" in bad.content.decode()
        clock.sleep(1.1)
        too_soon = client.post(reverse("two_factor_setup"), {"otp_token": "000000"})
        assert "错误次数太多" in too_soon.content.decode(), "django-otp slows down guessing"
        clock.sleep(2.1)
        device, codes = self.enrol(client)
        device.refresh_from_db()
        assert device.confirmed and len(codes) == 10
        assert client.get("/admin/").status_code == 200
        again = client.get(reverse("two_factor_setup"))
        assert again.status_code == 302 and "你的恢复码" not in again.content.decode()

    def test_next_sign_in_asks_for_the_code_and_a_recovery_code_works_once(self, client, admin, clock):
        staff_sign_in(client, "root")
        device, codes = self.enrol(client)
        client.post(reverse("sign_out"))

        staff_sign_in(client, "root")
        assert client.get("/admin/")["Location"].startswith(reverse("two_factor_verify"))
        page = client.get(reverse("two_factor_verify"))
        assert "两步验证" in page.content.decode()
        wrong = client.post(reverse("two_factor_verify"), {"otp_token": "123456"})
        assert wrong.status_code == 200 and "验证码不正确或已过期" in wrong.content.decode()
        # The code just used at enrolment cannot be replayed; the next one works (as the site counts steps).
        clock.sleep(1.1)  # a wrong code makes the next wait a second
        device.refresh_from_db()
        right = client.post(
            reverse("two_factor_verify") + "?next=/admin/", {"otp_token": app_code(device, next_one=True)}
        )
        assert right.status_code == 302 and right["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200
        client.post(reverse("sign_out"))

        staff_sign_in(client, "root")
        assert client.post(reverse("two_factor_verify"), {"otp_token": codes[0]}).status_code == 302
        assert not StaticToken.objects.filter(token=codes[0]).exists()
        client.post(reverse("sign_out"))
        staff_sign_in(client, "root")
        again = client.post(reverse("two_factor_verify"), {"otp_token": codes[0]})
        assert again.status_code == 200 and "验证码不正确或已过期" in again.content.decode()

    def test_a_password_alone_cannot_add_a_second_device(self, client, admin):
        TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
        staff_sign_in(client, "root")
        response = client.get(reverse("two_factor_setup"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
        assert TOTPDevice.objects.filter(user=admin).count() == 1

    def test_the_wagtail_admin_login_leads_to_the_code_too(self, client, admin):
        TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
        response = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
        assert client.get(response["Location"])["Location"].startswith(reverse("two_factor_verify"))

    def test_an_exempt_teacher_goes_straight_to_work(self, client, required, world):
        make_staff(StaffRole.TEACHER, school=world.a.school, classes=[world.a.school_class], username="laoshi")
        from django.contrib.auth import get_user_model

        teacher = get_user_model().objects.get(username="laoshi")
        teacher.set_password(PASSWORD)
        teacher.save()
        response = staff_sign_in(client, "laoshi")
        assert client.get(response["Location"]).status_code == 200


class TestIdleSessions:
    def test_a_staff_session_ends_after_the_idle_time(self, settings, client, clock):
        settings.JINDU_STAFF_IDLE_SECONDS = 2
        UserFactory(username="laoshi", password=PASSWORD)
        staff_sign_in(client, "laoshi")
        assert client.get("/").wsgi_request.user.is_authenticated
        assert client.session.get_expiry_age() == 2
        clock.sleep(1.2)
        assert client.get("/").wsgi_request.user.is_authenticated, "each request starts the idle time again"
        clock.sleep(2.2)
        assert not client.get("/").wsgi_request.user.is_authenticated

    def test_requests_close_together_write_the_session_once(self, settings, client, clock):
        settings.JINDU_STAFF_IDLE_SECONDS = 600  # started again at most once a minute
        UserFactory(username="laoshi", password=PASSWORD)
        staff_sign_in(client, "laoshi")
        client.get("/")

        def session_writes():
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/").wsgi_request.user.is_authenticated
            return [query["sql"] for query in queries if "django_session" in query["sql"] and "UPDATE" in query["sql"]]

        assert session_writes() == [], "a request a moment after the last one leaves the session as it is"
        clock.sleep(59)
        assert session_writes() == []
        clock.sleep(2)
        assert len(session_writes()) == 1, "a minute on, the idle time starts again"
        assert client.session.get_expiry_age() == 600

    def test_a_student_keeps_the_default_session_age(self, settings, world):
        settings.JINDU_STAFF_IDLE_SECONDS = 2
        client = Client()
        client.post("/sign-in/", {"school_code": "S1", "number": "701", "password": "first-pass-1234"})
        assert client.get("/school/my/").status_code == 200
        assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_the_reset_command_sends_a_person_back_to_enrolment(required, client):
    from django.core.management import call_command

    admin = UserFactory(username="root", is_superuser=True, password=PASSWORD)
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    call_command("reset_two_factor", "root")
    staff_sign_in(client, "root")
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_setup"))


def test_a_superuser_resets_someones_devices_from_the_user_list(client):
    """A lost phone: the superuser finds the person in the admin's user list, resets, and the person enrols again."""
    from django.contrib.auth.models import Permission
    from wagtail.models import ModelLogEntry

    root = UserFactory(username="root", is_superuser=True, password=PASSWORD)
    clerk = UserFactory(username="clerk", password=PASSWORD)
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    StaticToken.objects.create(device=clerk.staticdevice_set.create(name="backup"), token="abc12345")
    client.force_login(root)
    listing = client.get(reverse("wagtailusers_users:index")).content.decode()
    reset_url = reverse("two_factor_reset", args=[clerk.pk])
    assert reset_url in listing
    confirm = client.get(reset_url)
    assert confirm.status_code == 200
    assert "clerk" in confirm.content.decode() and "2" in confirm.content.decode()
    response = client.post(reset_url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert not clerk.staticdevice_set.exists()
    assert ModelLogEntry.objects.filter(action="jindu.two_factor_reset", object_id=str(clerk.pk)).exists()


def test_only_a_superuser_may_reset_devices(client):
    clerk = UserFactory(username="clerk", password=PASSWORD)
    device = TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    other = UserFactory(username="other", password=PASSWORD)
    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(other)
    reset_url = reverse("two_factor_reset", args=[clerk.pk])
    assert client.post(reset_url).status_code in (302, 403)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
