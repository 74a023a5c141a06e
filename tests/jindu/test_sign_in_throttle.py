"""Sign-in throttling (django-axes): per account and per client address on every sign-in form, unlock by an admin."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from jindu.factories import UserFactory
from schools.accounts import rotate_join_code
from tests.education import conftest as education

pytestmark = pytest.mark.django_db

STAFF_SIGN_IN = "/sign-in/?as=staff"
PASSWORD = "correct-horse-battery"
LOCKED = "登录已暂停"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.JINDU_SIGN_IN_ADDRESS_FAILURE_LIMIT = 5


# The education world and its site, built once for the tests asking for them in turn (tests/education/layers.py).
site_tree, world, shared_site, shared_world, layer_stack, layer_copies = education.WORLD_FIXTURES


@pytest.fixture
def teacher():
    return UserFactory(username="laoshi", password=PASSWORD)


def staff_try(client, username, password):
    return client.post(STAFF_SIGN_IN, {"username": username, "password": password})


def student_try(client, code, number, password):
    return client.post("/sign-in/", {"school_code": code, "number": number, "password": password})


def is_locked_page(response):
    text = response.content.decode()
    return response.status_code == 429 and LOCKED in text and "之后再试" in text and 'class="site-header"' in text


def signed_in(client):
    return "_auth_user_id" in client.session


def test_staff_wrong_passwords_then_the_right_one_is_refused_with_when_to_retry(client, teacher):
    first, second, third = (staff_try(client, "laoshi", "wrong") for _ in range(3))
    assert first.status_code == second.status_code == 200
    assert is_locked_page(third), "the third failure already says the account is paused"
    right = staff_try(client, "laoshi", PASSWORD)
    assert is_locked_page(right) and not signed_in(client)
    assert "15 分钟" in right.content.decode() or "14 分钟" in right.content.decode()


def test_staff_usernames_in_other_case_count_against_one_account(client, teacher):
    for username in ("laoshi", "LaoShi", " LAOSHI"):
        staff_try(client, username, "wrong")
    assert is_locked_page(staff_try(client, "laoshi", PASSWORD))


def test_a_student_is_one_account_however_the_code_and_number_are_typed(client, world):
    for code, number in (("S1", "701"), (" s1 ", "７０１"), ("ｓ１", "701")):
        student_try(client, code, number, "wrong")
    response = student_try(client, "S1", "701", "first-pass-1234")
    assert is_locked_page(response) and not signed_in(client)


def test_the_wagtail_admin_login_is_throttled(client, django_user_model):
    django_user_model.objects.create_superuser("bianji", "e@example.com", PASSWORD)
    for _ in range(3):
        client.post("/admin/login/", {"username": "bianji", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "bianji", "password": PASSWORD})
    assert is_locked_page(response) and not signed_in(client)


def test_the_join_form_is_throttled(client, world):
    data = {
        "code": rotate_join_code(world.c.school_class),
        "number": "703",
        "password1": "qingshan-2025",
        "password2": "qingshan-2025",
    }
    for name in ("陈大陈", "陈二陈", "陈三陈"):
        client.post(reverse("portal:join"), {**data, "name": name})
    response = client.post(reverse("portal:join"), {**data, "name": "陈小陈"})
    assert is_locked_page(response) and not signed_in(client)
    world.c.refresh_from_db()
    assert world.c.registered_at is None


def test_one_address_trying_many_accounts_is_locked_out_but_other_addresses_are_not(client, teacher):
    for number in range(5):
        staff_try(client, f"someone{number}", "wrong")
    assert is_locked_page(staff_try(client, "laoshi", PASSWORD)), "a fresh account from the same address"
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    response = staff_try(elsewhere, "laoshi", PASSWORD)
    assert response.status_code == 302 and signed_in(elsewhere)


def test_the_address_limit_follows_the_forwarded_address_behind_a_trusted_proxy(settings, teacher):
    settings.JINDU_TRUSTED_PROXIES = ["127.0.0.1"]
    attacker = Client(HTTP_X_FORWARDED_FOR="198.51.100.1")
    for number in range(5):
        staff_try(attacker, f"someone{number}", "wrong")
    assert is_locked_page(staff_try(attacker, "laoshi", PASSWORD))
    visitor = Client(HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert staff_try(visitor, "laoshi", PASSWORD).status_code == 302


def test_a_right_password_before_the_limit_clears_that_accounts_count(client, teacher):
    for _round in range(2):
        staff_try(client, "laoshi", "wrong")
        staff_try(client, "laoshi", "wrong")
        assert staff_try(client, "laoshi", PASSWORD).status_code == 302
        client.post(reverse("sign_out"))
    assert not AccessAttempt.objects.filter(username="laoshi").exists()


def test_signing_in_to_ones_own_account_does_not_clear_the_count_on_others(client, teacher):
    UserFactory(username="attacker", password=PASSWORD)
    staff_try(client, "laoshi", "wrong")
    staff_try(client, "laoshi", "wrong")
    assert staff_try(client, "attacker", PASSWORD).status_code == 302
    client.post(reverse("sign_out"))
    assert is_locked_page(staff_try(client, "laoshi", "wrong"))


class TestUnlock:
    @pytest.fixture
    def locked(self, client, teacher):
        for _ in range(3):
            staff_try(client, "laoshi", "wrong")
        assert is_locked_page(staff_try(client, "laoshi", PASSWORD))

    def test_a_superuser_unlocks_an_account_in_the_wagtail_admin(self, client, locked, django_user_model):
        admin = django_user_model.objects.create_superuser("root", "r@example.com", PASSWORD)
        other = Client(REMOTE_ADDR="203.0.113.5")
        other.force_login(admin)
        page = other.get(reverse("sign_in_locks"))
        assert page.status_code == 200
        text = page.content.decode()
        assert "登录锁定" in text and "laoshi" in text and "已锁定" in text
        response = other.post(reverse("sign_in_locks"), {"username": "laoshi"})
        assert response.status_code == 302
        assert staff_try(client, "laoshi", PASSWORD).status_code == 302 and signed_in(client)

    def test_only_superusers_see_the_locks(self, client, locked, django_user_model):
        editor = UserFactory(username="editor", password=PASSWORD)
        editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
        other = Client(REMOTE_ADDR="203.0.113.5")
        other.force_login(editor)
        assert other.get(reverse("sign_in_locks")).status_code in (302, 403)
        assert other.post(reverse("sign_in_locks"), {"username": "laoshi"}).status_code in (302, 403)
        assert is_locked_page(staff_try(client, "laoshi", PASSWORD))

    def test_the_command_unlocks_an_account(self, client, locked):
        call_command("axes_reset_username", "laoshi")
        assert staff_try(client, "laoshi", PASSWORD).status_code == 302
