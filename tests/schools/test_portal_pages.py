import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from schools.factories import SchoolClassFactory, SchoolFactory, StudentFactory, make_staff, make_teacher
from schools.models import StaffRole
from tests.education.fixtures import complete

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)  # warm per-process caches (site root, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_class_page_shows_grid_unregistered_and_unfinished_students_in_chinese(client, world):
    client.force_login(make_teacher(world.class71))

    html = client.get(reverse("portal:class", args=[world.class71.pk])).content.decode()

    assert "学生注册率" in html and "50.0%" in html and "66.7%" in html
    assert "1 名学生未注册" in html and "703 陈小陈" in html
    assert "1 名已注册学生未完成" in html and "702 白小白 (1/2)" in html
    assert "state--watched" in html


def test_class_without_registered_students_shows_a_dash_not_an_error(client, world):
    client.force_login(make_staff(StaffRole.SCHOOL_ADMIN, school=world.school1))

    response = client.get(reverse("portal:class", args=[world.class72.pk]))

    assert response.status_code == 200
    assert "—" in response.content.decode()


def test_bureau_table_is_grouped_by_town_sortable_and_export_matches_it(client, world):
    client.force_login(make_staff(StaffRole.BUREAU, region=world.district))
    query = "?report=hours&sort=registration&dir=desc"
    url = reverse("portal:region", args=[world.district.pk]) + query

    response = client.get(url)
    export = client.get(reverse("portal:region_export", args=[world.district.pk]) + query)

    labels = [row["label"] for row in response.context["rows"]]
    assert labels == ["临桂镇", "临桂一中", "五通镇", "五通二中", "五通三中", "合计"]
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.cell(1, 1).value.startswith("临桂区注册与课时报表 统计至")
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == labels
    assert sheet.cell(2, 1).value == "乡镇 / 学校"
    assert sheet.cell(2, 2).value == "学校注册率"
    shown = [cell for row in response.context["rows"] for cell in row["cells"]]
    exported = [cell for row in sheet.iter_rows(min_row=3, min_col=2, values_only=True) for cell in row]
    assert len(shown) == len(exported)
    assert "—" in exported  # 五通三中 has no completion rate


def test_school_report_lists_classes_with_a_whole_school_row(client, world):
    client.force_login(make_staff(StaffRole.SCHOOL_ADMIN, school=world.school1))

    response = client.get(reverse("portal:school", args=[world.school1.pk]))

    assert [row["label"] for row in response.context["rows"]] == ["七年级1班", "七年级2班", "全校"]
    export = client.get(reverse("portal:school_export", args=[world.school1.pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_class_grid_query_count_does_not_grow_with_students(client, world):
    client.force_login(make_teacher(world.class71))
    url = reverse("portal:class", args=[world.class71.pk])
    before = count_queries(client, url)
    for n in range(10):
        student = StudentFactory(school_class=world.class71, number=f"79{n}", registered=True)
        complete(student, world.l1)

    assert count_queries(client, url) == before


def test_bureau_table_query_count_does_not_grow_with_schools(client, world):
    client.force_login(make_staff(StaffRole.BUREAU, region=world.district))
    url = reverse("portal:region", args=[world.district.pk])
    before = count_queries(client, url)
    for n in range(5):
        school_class = SchoolClassFactory(school=SchoolFactory(region=world.town_b, name=f"新校{n}"), grade=8)
        complete(StudentFactory(school_class=school_class, registered=True), world.l3)

    assert count_queries(client, url) == before


def test_school_report_and_home_query_counts_do_not_grow_with_classes(client, world):
    admin = make_staff(StaffRole.SCHOOL_ADMIN, school=world.school1)
    teacher = make_teacher(world.class71)
    school_url = reverse("portal:school", args=[world.school1.pk])
    client.force_login(admin)
    before_school = count_queries(client, school_url)
    client.force_login(teacher)
    before_home = count_queries(client, reverse("portal:home"))
    for n in range(4):
        school_class = SchoolClassFactory(school=world.school1, grade=7, name=f"{n + 3}班")
        school_class.teachers.add(teacher)
        StudentFactory(school_class=school_class, registered=True)

    assert count_queries(client, reverse("portal:home")) == before_home
    client.force_login(admin)
    assert count_queries(client, school_url) == before_school


def test_course_pages_show_the_students_progress(client, world):
    client.force_login(world.b.user)

    course = client.get(world.course7.url).content.decode()
    lesson = client.get(world.l1.url).content.decode()

    assert "已完成 1 / 2 课" in course
    assert "已完成" in lesson
    assert client.get(world.courses.url).status_code == 200
