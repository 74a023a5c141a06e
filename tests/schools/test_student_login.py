import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_student_signs_in_on_the_site_sign_in_page_and_returns_to_the_contest(client, student):
    response = client.post(
        reverse("sign_in") + "?as=staff",
        {"username": "xiaoming", "password": "correct-horse-battery", "next": "/junior-contest/"},
    )
    assert response.status_code == 302 and response.url == "/junior-contest/"
    assert client.get(reverse("wagtailadmin_home"), follow=True).status_code == 403, "students get no admin access"
