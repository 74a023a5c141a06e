"""The access matrix: every portal URL and export, each role, own and other school."""

import pytest
from django.urls import reverse

from jindu.factories import UserFactory
from schools.factories import make_staff, make_teacher
from schools.models import PortalAccess, StaffRole
from tests.education.layers import layer

pytestmark = pytest.mark.django_db

# URL name: (method, which object of the world it takes for "own" and for "other").
URLS = {
    "class": ("get", "class71", "class81"),
    "class_export": ("get", "class71", "class81"),
    "passwords": ("get", "class71", "class81"),
    "join_code": ("post", "class71", "class81"),
    "reset_password": ("post", "a", "d"),
    "school": ("get", "school1", "school2"),
    "school_export": ("get", "school1", "school2"),
    "import": ("get", "school1", "school2"),
    "roster_template": ("get", "school1", "school2"),
    "region": ("get", "town_a", "town_b"),
    "region_export": ("get", "town_a", "town_b"),
}
OK = {"get": 200, "post": (200, 302)}

# What each role may open for its own school (or region); everything else is 404.
ALLOWED = {
    "teacher": {"class", "class_export", "passwords", "join_code", "reset_password", "import", "roster_template"},
    "school_admin": {
        "class",
        "class_export",
        "passwords",
        "join_code",
        "reset_password",
        "school",
        "school_export",
        "import",
        "roster_template",
    },
    "bureau": {"class", "class_export", "school", "school_export", "region", "region_export"},
    "student": set(),
    "editor": set(),
}


@layer("portal_users", "site", "world")
def shared_portal_users(below):
    world = below.world
    return {
        "teacher": (make_teacher(world.class71), make_teacher(world.class81)),
        "school_admin": (
            make_staff(StaffRole.SCHOOL_ADMIN, school=world.school1),
            make_staff(StaffRole.SCHOOL_ADMIN, school=world.school2),
        ),
        # A bureau sees its town; the "other" bureau sees only the other town.
        "bureau": (
            make_staff(StaffRole.BUREAU, region=world.town_a),
            make_staff(StaffRole.BUREAU, region=world.town_b),
        ),
        "student": (world.a.user, world.d.user),
        "editor": (UserFactory(is_staff=True, is_superuser=True),) * 2,
    }


@pytest.fixture
def users(world, shared_portal_users):
    """Each role's user at one school (or region) and at the other, built once for the tests in turn."""
    return shared_portal_users


def fetch(client, name, obj):
    method = URLS[name][0]
    url = reverse(f"portal:{name}", args=[obj.pk])
    return getattr(client, method)(url)


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("name", list(URLS))
def test_access_matrix_for_own_and_other_school(client, world, users, role, name):
    own_user, other_user = users[role]
    method, own_object, _other_object = URLS[name]
    client.force_login(own_user)
    response = fetch(client, name, getattr(world, own_object))
    if name in ALLOWED[role]:
        expected = OK[method]
        assert response.status_code in (expected if isinstance(expected, tuple) else (expected,))
    else:
        assert response.status_code == 404

    # The same role at the other school (or region) gets 404 for this school's data.
    client.force_login(other_user)
    assert fetch(client, name, getattr(world, own_object)).status_code == 404


@pytest.mark.parametrize("name", list(URLS))
def test_anonymous_visitors_are_sent_to_sign_in(client, world, name):
    method, own_object, _other = URLS[name]
    response = fetch(client, name, getattr(world, own_object))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign_in") + "?as=staff&next=")


def test_portal_home_is_404_for_users_without_a_portal_role(client, world):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("portal:home")).status_code == 404


def test_teacher_cannot_see_other_school_report(client, world):
    client.force_login(make_teacher(world.class71))

    assert client.get(reverse("portal:class", args=[world.class81.pk])).status_code == 404
    assert client.get(reverse("portal:school", args=[world.school2.pk])).status_code == 404


def test_viewing_and_exporting_a_class_is_logged_with_row_counts(client, world):
    teacher = make_teacher(world.class71)
    client.force_login(teacher)

    client.get(reverse("portal:class", args=[world.class71.pk]))
    client.get(reverse("portal:class_export", args=[world.class71.pk]))

    logs = list(PortalAccess.objects.filter(user=teacher).order_by("at", "pk"))
    assert [(log.action, log.school_class_id, log.rows) for log in logs] == [
        ("view", world.class71.pk, 3),
        ("export", world.class71.pk, 3),
    ]


def test_a_class_is_found_for_exactly_the_users_whose_classes_hold_it(world, users):
    """`class_or_404` looks a class up by its two flags; it finds what `classes()` holds, and says why."""
    from django.http import Http404

    from schools.scoping import visible_to

    stray = make_teacher(world.class71)
    world.class81.teachers.add(stray)  # listed for a class of a school they do not teach at: still not theirs
    people = [user for pair in users.values() for user in pair] + [stray, make_staff(StaffRole.TEACHER, world.school2)]
    classes = [world.class71, world.class72, world.class81, world.class3]
    for user in people:
        scope = visible_to(user)
        for school_class in classes:
            holds = scope.classes().filter(pk=school_class.pk).exists()
            try:
                found = scope.class_or_404(school_class.pk)
            except Http404:
                assert not holds, (user, school_class)
                continue
            assert holds, (user, school_class)
            assert found.is_managed == scope.can_manage(school_class), (user, school_class)
            assert found.school_visible == scope.schools().filter(pk=school_class.school_id).exists()
