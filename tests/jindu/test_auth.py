"""The sign-in backend: Django's model backend under the name sessions keep, and every auth rule still holds."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user
from django.test import RequestFactory
from django.utils import timezone

from jindu.auth import ModelBackend
from jindu.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    user = User.objects.create_user("wangfang", password="s3cret-口令", display_name="王芳", email="w@example.cn")
    User.objects.filter(pk=user.pk).update(last_login=timezone.now() - datetime.timedelta(days=2, microseconds=7))
    return User.objects.get(pk=user.pk)


def test_the_lookup_is_one_query_on_every_request(person, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert ModelBackend().get_user(person.pk).username == "wangfang"


def test_inactive_and_missing_users_are_not_signed_in(person):
    backend = ModelBackend()
    assert backend.get_user(person.pk) == person
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert backend.get_user(person.pk) is None
    assert backend.get_user(person.pk + 1000) is None


def test_settings_name_the_backend_and_passwords_still_authenticate(person, client):
    # Axes only refuses locked-out sign-ins and the student backend only takes school code and number:
    # every session is kept with our model backend.
    assert settings.AUTHENTICATION_BACKENDS == [
        "jindu.throttle.SignInThrottleBackend",
        "jindu.auth.ModelBackend",
        "schools.backends.StudentBackend",
    ]
    # Axes checks every sign-in that comes with a request; the test client's login without one skips it.
    assert client.login(request=RequestFactory().post("/sign-in/"), username="wangfang", password="s3cret-口令")
    assert client.session[BACKEND_SESSION_KEY] == "jindu.auth.ModelBackend"
    assert not client.login(request=RequestFactory().post("/sign-in/"), username="wangfang", password="wrong")
    assert client.login(username="wangfang", password="s3cret-口令")


def test_a_signed_in_session_ends_when_the_password_changes(person, client):
    client.force_login(person)
    request = RequestFactory().get("/")
    request.session = client.session
    assert get_user(request) == person
    person.set_password("another-口令")
    person.save()
    request.session = client.session
    assert get_user(request).is_anonymous, "the session's password hash no longer matches"
