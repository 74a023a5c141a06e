"""The one sign-in page: students by school code and number, staff by username, each landing on their own work."""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from jindu.factories import UserFactory
from schools.factories import make_staff, make_teacher
from schools.models import StaffRole
from tests.campaigns.conftest import make_people, make_regions
from tests.education import conftest as education

pytestmark = pytest.mark.django_db

SIGN_IN = "/sign-in/"
STAFF_SIGN_IN = "/sign-in/?as=staff"
PASSWORD = "correct-horse-battery"


# The education world and its site, built once for the tests asking for them in turn (tests/education/layers.py).
site_tree, world, shared_site, shared_world, layer_stack, layer_copies = education.WORLD_FIXTURES


def sign_in_staff(client, user, **extra):
    return client.post(STAFF_SIGN_IN, {"username": user.username, "password": PASSWORD, **extra})


def sign_in_student(client, student, school_code=None, number=None, password="first-pass-1234", **extra):
    data = {
        "school_code": student.school.code if school_code is None else school_code,
        "number": student.number if number is None else number,
        "password": password,
        **extra,
    }
    return client.post(SIGN_IN, data)


def registered(student):
    student.must_change_password = False
    student.save(update_fields=["must_change_password"])
    return student


def test_the_sign_in_page_is_the_login_url_in_the_site_frame(client, site_tree):
    assert reverse("sign_in") == SIGN_IN
    response = client.get("/school/my/")
    assert response.status_code == 302 and response["Location"] == f"{SIGN_IN}?next=/school/my/"

    page = client.get(SIGN_IN).content.decode()
    assert "学校代码" in page and "学号" in page and "密码" in page and ">登录</button>" in page
    assert 'class="site-header"' in page and 'class="site-footer"' in page
    assert 'href="/sign-in/?as=staff"' in page and "教职工登录" in page

    staff_page = client.get(STAFF_SIGN_IN).content.decode()
    assert "用户名" in staff_page and "学校代码" not in staff_page
    assert 'href="/sign-in/"' in staff_page and "学生登录" in staff_page


def test_a_student_lands_on_my_courses(client, world):
    response = sign_in_student(client, registered(world.a))
    assert response.status_code == 302 and response["Location"] == reverse("portal:my_courses")
    assert client.get(reverse("portal:my_courses")).context["student"] == world.a


def test_a_student_with_a_one_time_password_changes_it_first_with_chinese_validator_messages(client, world):
    response = sign_in_student(client, world.c, next="/courses/")
    assert response["Location"] == reverse("portal:change_password") + "?next=%2Fcourses%2F"

    too_short = client.post(response["Location"], {"password1": "ab12", "password2": "ab12"})
    assert too_short.status_code == 200
    assert "密码太短，至少需要 8 个字符。" in too_short.content.decode()
    numeric = client.post(response["Location"], {"password1": "20250701", "password2": "20250701"})
    assert "密码只包含数字。" in numeric.content.decode()

    done = client.post(response["Location"], {"password1": "qingshan-2025", "password2": "qingshan-2025"})
    assert done.status_code == 302 and done["Location"] == "/courses/"
    world.c.refresh_from_db()
    assert not world.c.must_change_password and world.c.registered_at is not None


def test_the_school_code_ignores_case_spaces_and_full_width_digits(client, world):
    # School S1 typed as " ｓ １ ", student number 701 typed with full-width digits.
    response = sign_in_student(client, registered(world.a), school_code=" ｓ １ ", number="７０ １")
    assert response.status_code == 302 and response["Location"] == reverse("portal:my_courses")


def test_a_wrong_student_password_says_so_in_chinese_and_keeps_what_was_typed(client, world):
    response = sign_in_student(client, world.a, school_code="s1", password="wrong-password")
    page = response.content.decode()
    assert response.status_code == 200
    assert "学校代码、学号或密码不正确" in page
    assert 'value="s1"' in page and 'value="701"' in page
    assert "_auth_user_id" not in client.session


def test_a_wrong_staff_password_says_so_in_chinese_and_keeps_the_username(client, world):
    teacher = make_teacher(world.class71, username="wang.laoshi")
    response = client.post(STAFF_SIGN_IN, {"username": teacher.username, "password": "nope"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "用户名或密码不对" in page and 'value="wang.laoshi"' in page


def test_school_staff_land_on_their_class_school_or_region(client, world):
    teacher = make_teacher(world.class71)
    school_admin = make_staff(StaffRole.SCHOOL_ADMIN, school=world.school1)
    bureau = make_staff(StaffRole.BUREAU, region=world.district)
    two_classes = make_staff(StaffRole.TEACHER, school=world.school1, classes=[world.class71, world.class72])
    expected = {
        teacher: reverse("portal:class", args=[world.class71.pk]),
        school_admin: reverse("portal:school", args=[world.school1.pk]),
        bureau: reverse("portal:region", args=[world.district.pk]),
        two_classes: reverse("portal:home"),
    }
    for user, landing in expected.items():
        client.logout()
        response = sign_in_staff(client, user)
        assert response.status_code == 302 and response["Location"] == landing, user
        assert client.get(landing).status_code == 200


def test_officer_lands_on_their_reports_and_the_office_on_the_dashboard(client):
    people = make_people(make_regions())
    response = sign_in_staff(client, people.officer_a)
    assert response["Location"] == reverse("campaigns:report_list")
    assert client.get(response["Location"]).status_code == 200

    client.logout()
    response = sign_in_staff(client, people.office)
    assert response["Location"] == reverse("campaigns_dashboard")
    assert client.get(response["Location"]).status_code == 200


def test_editors_and_superusers_land_on_the_admin(client, site_tree):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    superuser = UserFactory(is_superuser=True, is_staff=True)
    for user in (editor, superuser):
        client.logout()
        assert sign_in_staff(client, user)["Location"] == reverse("wagtailadmin_home")


def test_a_person_with_no_role_lands_on_the_home_page(client, site_tree):
    assert sign_in_staff(client, UserFactory())["Location"] == "/"


def test_a_next_inside_the_site_is_honoured_and_a_foreign_one_ignored(client, world):
    teacher = make_teacher(world.class71)
    own_class = reverse("portal:class", args=[world.class71.pk])
    for foreign in ("https://evil.example/", "//evil.example/", "http://testserver.evil.example/", "/sign-in/"):
        client.logout()
        response = sign_in_staff(client, teacher, next=foreign)
        assert response["Location"] == own_class, foreign
    client.logout()
    assert sign_in_staff(client, teacher, next="/school/")["Location"] == "/school/"

    page = client.get(f"{SIGN_IN}?next={quote('https://evil.example/')}").content.decode()
    assert "evil.example" not in page


def test_a_signed_in_person_opening_the_sign_in_page_goes_to_their_work(client, world):
    client.force_login(registered(world.a).user)
    response = client.get(SIGN_IN)
    assert response.status_code == 302 and response["Location"] == reverse("portal:my_courses")


def test_the_old_sign_in_addresses_lead_to_the_new_one_keeping_next(client, site_tree):
    cases = {
        "/school/sign-in/?next=/school/": "/sign-in/?as=staff&next=%2Fschool%2F",
        "/school/student/sign-in/?next=/school/my/": "/sign-in/?next=%2Fschool%2Fmy%2F",
        "/reports/login/?next=/reports/new/": "/sign-in/?as=staff&next=%2Freports%2Fnew%2F",
        "/reports/login/": "/sign-in/?as=staff",
        "/school/sign-in/?next=https://evil.example/": "/sign-in/?as=staff",
    }
    for old, new in cases.items():
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == new, old


def test_staff_tools_send_anonymous_visitors_to_the_staff_sign_in(client, world):
    for address in ("/reports/", reverse("portal:class", args=[world.class71.pk])):
        response = client.get(address)
        assert response["Location"] == f"/sign-in/?as=staff&next={quote(address)}", address


def test_sign_out_is_one_post_from_the_header_of_every_page(client, world):
    student = registered(world.a)
    assert 'href="/sign-in/"' in client.get("/").content.decode()

    sign_in_student(client, student)
    for address in ("/", reverse("portal:my_courses"), "/courses/", "/search/?q=毒品"):
        page = client.get(address).content.decode()
        assert 'action="/sign-out/"' in page and ">退出</button>" in page, address

    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response.status_code == 302 and response["Location"] == SIGN_IN
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("portal:my_courses")).status_code == 302


def test_staff_sign_out_returns_to_the_staff_sign_in(client):
    people = make_people(make_regions())
    sign_in_staff(client, people.officer_a)
    assert 'action="/sign-out/"' in client.get("/reports/").content.decode()
    assert client.post("/sign-out/")["Location"] == STAFF_SIGN_IN


def test_the_admin_login_is_branded_and_for_editors_only(client, world):
    page = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "禁毒宣教平台" in page and 'href="/sign-in/"' in page and "Wagtail" not in page.split("</title>")[0]
    assert ">密码<" in page.replace("\n", "").replace(" ", "") and "Password" not in page

    teacher = make_teacher(world.class71)
    response = client.post(reverse("wagtailadmin_login"), {"username": teacher.username, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "网站编辑" in response.content.decode()


def test_a_signed_in_non_editor_opening_the_admin_is_shown_their_own_work(client, world):
    teacher = make_teacher(world.class71)
    sign_in_staff(client, teacher)
    response = client.get("/admin/", follow=True)
    page = response.content.decode()
    assert response.status_code == 403
    assert f'href="{reverse("portal:class", args=[world.class71.pk])}"' in page
    assert 'class="site-header"' in page and ">退出</button>" in page
    assert "You do not have permission" not in page and "没有权限访问管理后台" not in page
    # The refusal Wagtail queued is not shown again on the next page either.
    assert "没有权限" not in client.get(reverse("portal:class", args=[world.class71.pk])).content.decode()
