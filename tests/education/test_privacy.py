"""Minors' names: contest rankings show classes to all and masked names to the own school only; certificates
open for their holder and the holder's school staff; every look at a name is logged with the client address."""

import pytest
from django.urls import reverse

from education.models import Certificate, PortalAccess, StaffRole
from education.school_factories import make_staff, make_teacher
from jindu.factories import UserFactory
from tests.education.fixtures import build_contest

pytestmark = pytest.mark.django_db

FULL_NAMES = ("安小安", "白小白", "邓小邓", "高小高", "何小何")


@pytest.fixture
def contest_world(world):
    build_contest(world)
    return world


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
