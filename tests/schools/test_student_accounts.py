import pytest
from django.urls import reverse

from schools.accounts import issue_passwords, join_class
from schools.factories import make_teacher
from schools.models import PortalAccess, Student

pytestmark = pytest.mark.django_db


def sign_in(client, number, password, school_code="S1"):
    return client.post(reverse("sign_in"), {"school_code": school_code, "number": number, "password": password})


def test_student_signs_in_with_school_code_number_and_one_time_password_then_must_change_it(client, world):
    ((student, password),) = issue_passwords([world.c])

    response = sign_in(client, "７０３", password)  # full-width digits typed on a phone keyboard

    assert response.status_code == 302 and response["Location"] == reverse("portal:change_password")
    assert client.get(reverse("portal:my_courses"))["Location"] == reverse("portal:change_password")
    response = client.post(
        reverse("portal:change_password"), {"password1": "jindu-xuexi-2025", "password2": "jindu-xuexi-2025"}
    )
    assert response["Location"] == reverse("portal:my_courses")
    student.refresh_from_db()
    assert student.registered_at is not None and not student.must_change_password
    assert "七年级禁毒课" in client.get(reverse("portal:my_courses")).content.decode()


def test_wrong_password_gives_a_chinese_message_and_no_session(client, world):
    issue_passwords([world.c])

    response = sign_in(client, "703", "wrong-password")

    assert response.status_code == 200
    assert "学校代码、学号或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_new_sheet_cancels_the_old_one_time_password(client, world):
    ((_student, old),) = issue_passwords([world.c])
    issue_passwords([world.c])

    assert "_auth_user_id" not in sign_in(client, "703", old).wsgi_request.session


def test_teacher_prints_a_password_sheet_only_for_unregistered_students(client, world):
    teacher = make_teacher(world.class71)
    client.force_login(teacher)

    response = client.post(reverse("portal:passwords", args=[world.class71.pk]))

    html = response.content.decode()
    assert "陈小陈" in html and "安小安" not in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert PortalAccess.objects.filter(user=teacher, action="passwords", rows=1).exists()


def test_teacher_resets_a_password_and_the_student_must_change_it(client, world):
    client.force_login(make_teacher(world.class71))

    response = client.post(reverse("portal:reset_password", args=[world.a.pk]))

    password = response.context["password"]
    client.logout()
    assert sign_in(client, "701", password)["Location"] == reverse("portal:change_password")


def test_join_code_activates_a_rostered_student_and_creates_a_new_one(client, world):
    client.force_login(make_teacher(world.class71))
    client.post(reverse("portal:join_code", args=[world.class71.pk]), {"action": "new"})
    world.class71.refresh_from_db()
    code = world.class71.join_code
    assert code

    joined = join_class(code.lower(), "703", "陈小陈", "jindu-xuexi-2025")
    assert joined.pk == world.c.pk and joined.registered_at is not None
    newcomer = join_class(code, "799", "新同学", "jindu-xuexi-2025")
    assert newcomer.school_class == world.class71


def test_join_refuses_a_wrong_name_or_an_already_registered_student(client, world):
    world.class71.join_code = "ABCD2345"
    world.class71.save()

    response = client.post(
        reverse("portal:join"),
        {
            "code": "ABCD2345",
            "number": "703",
            "name": "冒名",
            "password1": "jindu-xuexi-2025",
            "password2": "jindu-xuexi-2025",
        },
    )
    assert "姓名与班级名单不一致" in response.content.decode()
    response = client.post(
        reverse("portal:join"),
        {
            "code": "ABCD2345",
            "number": "701",
            "name": "安小安",
            "password1": "jindu-xuexi-2025",
            "password2": "jindu-xuexi-2025",
        },
    )
    assert "已经注册过" in response.content.decode()
    assert Student.objects.get(pk=world.c.pk).registered_at is None


def test_switched_off_join_code_no_longer_works(client, world):
    client.force_login(make_teacher(world.class71))
    client.post(reverse("portal:join_code", args=[world.class71.pk]), {"action": "new"})
    world.class71.refresh_from_db()
    code = world.class71.join_code
    client.post(reverse("portal:join_code", args=[world.class71.pk]), {"action": "disable"})
    client.logout()

    response = client.post(
        reverse("portal:join"),
        {
            "code": code,
            "number": "703",
            "name": "陈小陈",
            "password1": "jindu-xuexi-2025",
            "password2": "jindu-xuexi-2025",
        },
    )
    assert "加入码无效" in response.content.decode()
