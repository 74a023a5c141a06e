"""Minors' names: contest rankings show classes to all and masked names to the own school only; certificates
open for their holder and the holder's school staff; every look at a name is logged with the client address."""

import pytest
from django.urls import reverse

from education.models import Certificate
from jindu.factories import UserFactory
from schools.factories import make_staff, make_teacher
from schools.models import PortalAccess, StaffRole

pytestmark = pytest.mark.django_db

FULL_NAMES = ("安小安", "白小白", "邓小邓", "高小高", "何小何")


def page_for(client, user, url, ip="203.0.113.7"):
    client.force_login(user)
    response = client.get(url, REMOTE_ADDR=ip)
    assert response.status_code == 200
    return response.content.decode()


def test_mask_name_keeps_first_and_last_character():
    from education.contests import mask_name

    assert [mask_name(n) for n in ("王小明", "王明", "欧阳小明", "王", "")] == ["王*明", "王*", "欧*明", "王*", ""]


def test_ranking_shows_classes_to_all_and_masked_names_to_the_own_school_only(contest_world, client):
    w = contest_world
    url = w.contest.url

    page = page_for(client, w.d.user, url)  # a student of 五通二中
    assert "临桂一中 七年级1班" in page and "五通二中 八年级1班" in page
    assert "邓*邓" in page and "高*高" in page
    assert "安*安" not in page and "白*白" not in page
    assert not any(name in page for name in FULL_NAMES if name != "邓小邓"), "only the header's own name"

    office = UserFactory(is_staff=True)
    page = page_for(client, office, url)
    assert "临桂一中 七年级1班" in page
    assert "*" not in page.split("ranking-heading", 1)[1].split("quiz__poster")[0]
    assert not any(name in page for name in FULL_NAMES)

    admin1 = make_staff(StaffRole.SCHOOL_ADMIN, school=w.school1)
    page = page_for(client, admin1, url, ip="198.51.100.9")
    assert "安*安" in page and "白*白" in page and "邓*邓" not in page
    row = PortalAccess.objects.get(user=admin1)
    assert (row.what, row.school, row.rows, row.ip) == ("contest ranking", w.school1, 2, "198.51.100.9")

    bureau = make_staff(StaffRole.BUREAU, region=w.district)
    page = page_for(client, bureau, url)
    assert "安*安" not in page and "邓*邓" not in page


def test_certificate_opens_for_holder_and_own_school_staff_only(contest_world, client):
    w = contest_world
    certificate = Certificate.objects.get(user=w.a.user)
    url = reverse("education:certificate", args=[certificate.code])

    assert "安小安" in page_for(client, w.a.user, url)
    assert not PortalAccess.objects.exists(), "the holder's own look is not someone else's access"

    for allowed in (make_staff(StaffRole.SCHOOL_ADMIN, school=w.school1), make_teacher(w.class71)):
        assert "安小安" in page_for(client, allowed, url, ip="192.0.2.44")
        row = PortalAccess.objects.get(user=allowed)
        assert (row.what, row.school, row.school_class, row.rows, row.ip) == (
            "certificate",
            w.school1,
            w.class71,
            1,
            "192.0.2.44",
        )

    refused = [
        UserFactory(is_staff=True),  # the publicity office: is_staff alone opens nothing
        make_staff(StaffRole.SCHOOL_ADMIN, school=w.school2),
        make_teacher(w.class81),
        make_staff(StaffRole.BUREAU, region=w.district),
        w.d.user,
    ]
    for user in refused:
        client.force_login(user)
        assert client.get(url).status_code == 404, user


def test_public_check_shows_the_masked_name_and_is_logged(contest_world, client):
    certificate = Certificate.objects.get(user=contest_world.a.user)
    response = client.get(reverse("education:verify", args=[certificate.code]), REMOTE_ADDR="203.0.113.80")
    page = response.content.decode()
    assert "安*安" in page and "安小安" not in page and "临桂一中" in page
    row = PortalAccess.objects.get()
    assert (row.user, row.what, row.school, row.ip) == (
        None,
        "certificate check",
        contest_world.school1,
        "203.0.113.80",
    )


def test_every_channel_that_shows_names_writes_a_log_row_with_the_client_address(contest_world, client):
    w = contest_world
    teacher = make_teacher(w.class71)
    client.force_login(teacher)
    certificate = Certificate.objects.get(user=w.a.user)
    channels = [
        ("get", reverse("portal:class", args=[w.class71.pk]), "class report"),
        ("get", reverse("portal:class_export", args=[w.class71.pk]), "class report"),
        ("post", reverse("portal:passwords", args=[w.class71.pk]), "password sheet"),
        ("post", reverse("portal:reset_password", args=[w.a.pk]), "password reset"),
        ("get", reverse("education:certificate", args=[certificate.code]), "certificate"),
        ("get", w.contest.url, "contest ranking"),
    ]
    for number, (method, url, what) in enumerate(channels):
        ip = f"192.0.2.{number + 1}"
        assert getattr(client, method)(url, REMOTE_ADDR=ip).status_code == 200, url
        row = PortalAccess.objects.order_by("-pk").first()
        assert (row.user, row.what, row.ip, row.school) == (teacher, what, ip, w.school1), url
        assert row.rows >= 1, url


@pytest.fixture
def logged(contest_world, client):
    """Log rows for each school: a look at 一中 from 10.0.0.1 and one at 二中 from 10.0.0.2."""
    w = contest_world
    for school_class, ip in ((w.class71, "10.0.0.1"), (w.class81, "10.0.0.2")):
        client.force_login(make_teacher(school_class))
        client.get(reverse("portal:class", args=[school_class.pk]), REMOTE_ADDR=ip)
    client.logout()
    return w


def test_access_log_page_is_scoped_to_the_school_admins_school_and_the_bureaus_region(logged, client):
    w = logged
    url = reverse("portal:access_log")
    page = page_for(client, make_staff(StaffRole.SCHOOL_ADMIN, school=w.school1), url)
    assert "访问记录" in page and "10.0.0.1" in page and "班级报表" in page
    assert "10.0.0.2" not in page and "五通二中" not in page
    assert "3 名学生" in page

    page = page_for(client, make_staff(StaffRole.BUREAU, region=w.district), url)
    assert "10.0.0.1" in page and "10.0.0.2" in page
    page = page_for(client, make_staff(StaffRole.BUREAU, region=w.town_b), url)
    assert "10.0.0.2" in page and "10.0.0.1" not in page
    page = page_for(client, make_staff(StaffRole.BUREAU, region=w.other_city), url)
    assert "10.0.0.1" not in page and "10.0.0.2" not in page

    for refused in (make_teacher(w.class71), UserFactory(is_staff=True)):
        client.force_login(refused)
        assert client.get(url).status_code == 404
        assert client.get(reverse("portal:access_log_export")).status_code == 404


def test_access_log_counts_classes_and_schools_on_overview_screens(logged, client):
    """A school or region overview lists classes or schools, not names: the log says so, not "students"."""
    w = logged
    bureau = make_staff(StaffRole.BUREAU, region=w.district)
    client.force_login(bureau)
    client.get(reverse("portal:region", args=[w.district.pk]), REMOTE_ADDR="10.0.0.9")
    admin = make_staff(StaffRole.SCHOOL_ADMIN, school=w.school1)
    client.force_login(admin)
    client.get(reverse("portal:school", args=[w.school1.pk]), REMOTE_ADDR="10.0.0.8")
    client.force_login(bureau)
    page = client.get(reverse("portal:access_log")).content.decode()
    assert "所学校" in page and "个班级" in page and "3 名学生" in page


def test_access_log_filters_and_exports_only_the_scoped_rows(logged, client):
    import io

    from openpyxl import load_workbook

    w = logged
    client.force_login(make_staff(StaffRole.BUREAU, region=w.district))
    page = client.get(reverse("portal:access_log"), {"school": w.school2.pk}).content.decode()
    assert "10.0.0.2" in page and "10.0.0.1" not in page
    page = client.get(reverse("portal:access_log"), {"start": "2000-01-01", "end": "2000-01-02"}).content.decode()
    assert "10.0.0.1" not in page and "10.0.0.2" not in page
    page = client.get(reverse("portal:access_log"), {"start": "not a date"}).content.decode()
    assert "有效的日期" in page

    response = client.get(reverse("portal:access_log_export"), {"school": w.school1.pk})
    assert response["Cache-Control"] == "private, no-store"
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][0] == "时间" and len(rows) == 2
    assert rows[1][3:] == ("班级报表", "临桂一中 七年级1班", 3, "学生", "10.0.0.1")

    client.force_login(make_staff(StaffRole.SCHOOL_ADMIN, school=w.school1))
    response = client.get(reverse("portal:access_log_export"), {"school": w.school2.pk})
    assert "10.0.0.2" not in str(list(load_workbook(io.BytesIO(response.content)).active.values))
