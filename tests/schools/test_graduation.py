"""Graduation and deletion leave no student name anywhere in the database and keep the 通报表's figures."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from education.models import Certificate, LessonProgress, Result
from schools.factories import make_staff, make_teacher
from schools.models import PortalAccess, StaffRole, Student
from schools.rates import region_table

pytestmark = pytest.mark.django_db


def tables_holding(text):
    """Every (model, field) whose CharField or TextField column holds `text` anywhere in the database."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                if model._default_manager.filter(**{f"{field.attname}__contains": text}).exists():
                    found.append(f"{model._meta.label}.{field.name}")
    return found


def notice_figures(world):
    table = region_table(world.district, world.contest, hours=False)
    return [(row["label"], row["tally"]) for group in table["groups"] for row in group["rows"]], table["total"]


def test_graduating_a_class_in_the_portal_leaves_no_name_and_keeps_the_notice_table(contest_world, client):
    w = contest_world
    before = notice_figures(w)
    assert tables_holding("安小安") and tables_holding("白小白")
    admin = make_staff(StaffRole.SCHOOL_ADMIN, school=w.school1)
    client.force_login(admin)
    url = reverse("portal:graduate_class", args=[w.class71.pk])

    confirm = client.get(url).content.decode()
    assert "确认毕业处理" in confirm and "3 名学生" in confirm
    assert Student.objects.filter(name="安小安").exists(), "a GET changes nothing"

    response = client.post(url, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 302
    for name in ("安小安", "白小白", "陈小陈"):
        assert tables_holding(name) == [], name
    assert tables_holding("邓小邓"), "other classes keep their names"
    assert notice_figures(w) == before
    user = get_user_model().objects.get(pk=w.a.user_id)
    assert not user.is_active and not user.has_usable_password() and user.username.startswith("graduated-")
    assert not client.login(username="s-S1-701", password="first-pass-1234")
    row = PortalAccess.objects.get(action="graduate")
    assert (row.user, row.school_class, row.rows, row.ip) == (admin, w.class71, 3, "192.0.2.9")
    page = client.get(response.url).content.decode()
    assert "3 名学生已毕业处理" in page
    # The class page lists no blank rows for them: one line counts them, and the rates keep them.
    grid = client.get(reverse("portal:class", args=[w.class71.pk])).content.decode()
    assert "另有 3 名已毕业学生计入统计" in grid
    assert "g-" not in grid and "0 名学生未注册" in grid


def test_only_the_schools_admin_may_graduate(contest_world, client):
    w = contest_world
    for user in (make_teacher(w.class71), make_staff(StaffRole.SCHOOL_ADMIN, school=w.school2)):
        client.force_login(user)
        assert client.post(reverse("portal:graduate_class", args=[w.class71.pk])).status_code == 404
        assert client.post(reverse("portal:graduate_grade", args=[w.school1.pk, 7])).status_code == 404
    client.force_login(make_staff(StaffRole.BUREAU, region=w.district))
    assert client.post(reverse("portal:graduate_grade", args=[w.school1.pk, 7])).status_code == 404
    assert Student.objects.filter(name="安小安").exists()


def test_graduate_students_command_by_school_and_grade_and_with_delete(contest_world):
    w = contest_world
    before = notice_figures(w)
    call_command("graduate_students", "--school", str(w.school2.pk), "--grade", "8")
    for name in ("邓小邓", "鄂小鄂", "高小高", "何小何"):
        assert tables_holding(name) == [], name
    assert tables_holding("安小安")
    assert notice_figures(w) == before

    a_user = w.a.user_id
    call_command("graduate_students", "--class", str(w.class71.pk), "--delete")
    assert not Student.objects.filter(school_class=w.class71).exists()
    assert not get_user_model().objects.filter(pk=a_user).exists()
    assert not Result.objects.filter(user_id=a_user).exists() and not Certificate.objects.filter(user_id=a_user)
    assert tables_holding("安小安") == []


def test_deleting_a_student_deletes_the_user_row_with_the_name(contest_world):
    student = contest_world.d
    user_id = student.user_id
    student.delete()
    assert not get_user_model().objects.filter(pk=user_id).exists()
    assert not LessonProgress.objects.filter(user_id=user_id).exists()
    assert tables_holding("邓小邓") == []
