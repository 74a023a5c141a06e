import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_student_signs_in_through_the_site_login_and_returns_to_the_contest(client, student):
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "xiaoming", "password": "correct-horse-battery", "next": "/junior-contest/"},
    )
    assert response.status_code == 302 and response.url == "/junior-contest/"
    assert client.get(reverse("wagtailadmin_home")).status_code in (302, 403), "students get no admin access"
