"""Every login `load_demo` prints works as printed on the one sign-in page, and each lands on its own work."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from education.models import SchoolClass, SchoolStaff, StaffRole, Student

LOGIN_LINE = re.compile(r"^Sign in as (?P<who>.+?) at (?P<url>https?://\S+) with (?P<how>.+)$")
STAFF_LOGIN = re.compile(r"username (?P<username>\S+), password (?P<password>\S+)")
STUDENT_LOGIN = re.compile(
    r"school code (?P<school>\S+), .*?student number (?P<number>\S+), .*?one-time password (?P<password>\S+)"
)


@pytest.mark.django_db
def test_every_printed_demo_login_works_as_printed(settings):
    settings.DEBUG = True  # demo passwords are set and printed on a development server only
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    output = out.getvalue()
    assert "/admin/login/" not in output and "/reports/login/" not in output and "/school/sign-in/" not in output

    logins = {}
    for line in output.splitlines():
        match = LOGIN_LINE.match(line)
        if match:
            logins[match["who"].split(" (")[0]] = match
    assert set(logins) == {
        "a student",
        "a teacher",
        "a school admin",
        "the education bureau",
        "a town officer",
        "the office",
        "the admin",
    }, output

    teacher_class = SchoolClass.objects.get(teachers__username="demo.teacher")
    school_admin = SchoolStaff.objects.get(user__username="demo.school", role=StaffRole.SCHOOL_ADMIN)
    bureau = SchoolStaff.objects.get(user__username="demo.bureau", role=StaffRole.BUREAU)
    expected = {
        "a teacher": reverse("portal:class", args=[teacher_class.pk]),
        "a school admin": reverse("portal:school", args=[school_admin.school_id]),
        "the education bureau": reverse("portal:region", args=[bureau.region_id]),
        "a town officer": reverse("campaigns:report_list"),
        "the office": reverse("campaigns_dashboard"),
        "the admin": reverse("wagtailadmin_home"),
    }
    for who, landing in expected.items():
        match = logins[who]
        url = urlsplit(match["url"])
        assert url.path == "/sign-in/" and url.query == "as=staff", who
        credentials = STAFF_LOGIN.search(match["how"])
        client = Client()
        response = client.post(f"{url.path}?{url.query}", credentials.groupdict())
        assert response.status_code == 302 and response["Location"] == landing, (who, response)
        assert client.get(landing).status_code == 200, who

    match = logins["a student"]
    assert "首次登录须改密码" in match["how"]
    url = urlsplit(match["url"])
    assert url.path == "/sign-in/" and not url.query
    credentials = STUDENT_LOGIN.search(match["how"])
    client = Client()
    response = client.post(
        url.path,
        {"school_code": credentials["school"], "number": credentials["number"], "password": credentials["password"]},
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:change_password")
    student = Student.objects.get(school__code=credentials["school"], number=credentials["number"])
    assert student.school_class == teacher_class, "the demo student is in the demo teacher's class"
    response = client.post(
        reverse("portal:change_password"), {"password1": "wo-de-mima-9", "password2": "wo-de-mima-9"}
    )
    assert response["Location"] == reverse("portal:my_courses")
    assert client.get(reverse("portal:my_courses")).status_code == 200
