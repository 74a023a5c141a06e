"""The access matrix, generated from the URL resolver: every pattern × every role, half A's objects.

Each role of half A has a twin in half B ("other_…"), so one request per role proves own and other scope.
Besides the status, no response may show a student's name or a report's title outside the role's scope.
"""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.conftest import empty_page_cache
from tests.module_rows import rolled_back, shared_uploads
from tests.security.kwargs import build_kwargs, parameters
from tests.security.matrix import TABLE
from tests.security.probe import RoleClient, body_text, refused, url_patterns
from tests.security.world import ROLES, build_world

# Searches (`?q=`) and usage listings must not widen a role's scope: they need the indexes filled.
pytestmark = [pytest.mark.search_index, pytest.mark.reference_index]
PATTERNS = url_patterns()
KEYS = sorted({name for name, _route, _pattern in PATTERNS})


# The world's files stay where the module fixture wrote them.
module_uploads, uploads_in_tmp = shared_uploads()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, module_uploads):
    """Built once for the module inside a transaction that is rolled back at its end; every role signed in."""
    with rolled_back(django_db_blocker, module_uploads):
        world = build_world()
        world.role_client = RoleClient(world.users)
        yield world
        world.role_client.close()


@pytest.fixture(scope="module", autouse=True)
def page_cache_on():
    """As in production (jindu/settings/production.py): the page cache and the frame kept between requests, so the
    leak check also covers what the cache serves."""
    with override_settings(JINDU_PAGE_CACHE_SECONDS=600):
        yield


@pytest.fixture
def role_client(world, db):
    """The roles' client; each test starts from the sessions the module signed in, and an empty cache (a test's
    database changes are rolled back at its end, what they made the cache keep is dropped at the next start)."""
    empty_page_cache()
    world.role_client.restore()
    return world.role_client


def urls_for(world, key):
    entry = TABLE[key]
    if entry.path:
        return entry.path(world)
    urls = []
    for name, _route, pattern in PATTERNS:
        if name == key:
            kwargs = build_kwargs(world, name, parameters(pattern), entry.kwargs)
            urls.extend(reverse(name, kwargs=kwargs) + query for query in entry.queries)
    return sorted(set(urls))


def test_every_registered_url_pattern_has_an_entry():
    missing = [key for key in KEYS if key not in TABLE]
    assert not missing, (
        f"URL patterns without an access-matrix entry (add them to tests/security/matrix.py, or to matrix_wagtail.py for one Wagtail names): {missing}"
    )


def test_the_table_names_no_pattern_the_site_lacks():
    assert not set(TABLE) - set(KEYS)


@pytest.mark.parametrize("key", [key for key in KEYS if key in TABLE])
def test_access(world, role_client, key):
    entry = TABLE[key]
    public = set(entry.public_names(world)) if entry.public_names else set()
    failures = []
    for url in urls_for(world, key):
        for role in ROLES:
            response = role_client.get(role, url)
            if not response.as_role:
                failures.append(f"{role} {url}: not answered as {role} (the session was lost)")
            status = response.status_code
            if role in entry.error:
                if status != 500:
                    failures.append(f"{role} {url}: {status}, expected Wagtail's test 500")
                continue
            if role in entry.ok:
                good = status in (200, 301) or (status == 302 and not refused(response))
                if not good:
                    failures.append(f"{role} {url}: {status}, expected success")
            elif not refused(response):
                failures.append(f"{role} {url}: {status}, expected refusal")
            text = body_text(response) if status == 200 else ""
            leaked = [name for name in world.sensitive if name in text and name not in world.readable[role] | public]
            if leaked:
                failures.append(f"{role} {url}: shows out-of-scope {leaked}")
    assert not failures, "\n".join(failures)


def _report(world):
    from campaigns.models import ActivityReport

    report = ActivityReport.objects.filter(pk=world.a.report.pk).values("live", "status", "title").first()
    submitted = ActivityReport.objects.filter(pk=world.a.submitted.pk).values("live", "status", "title").first()
    return report, submitted


def _target(world):
    from campaigns.models import Target

    return list(Target.objects.filter(pk=world.a.target.pk).values("value", "region_id"))


def _student(world):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=world.a.student.user_id).values("password", "is_active").first()
    school_class = type(world.a.school_class).objects.filter(pk=world.a.school_class.pk).values("join_code").first()
    return user, school_class


def _inbox(world):
    return list(world.users["office"].notifications.values_list("pk", "read_at"))


def _names(world):
    from schools.models import Student

    return sorted(Student.objects.filter(school=world.a.school).values_list("name", flat=True))


REPORT_ADMIN = "wagtailsnippets_campaigns_activityreport"
NOT_THE_SCHOOL_ADMIN = (
    "teacher",
    "colleague_teacher",
    "bureau",
    "other_school_admin",
    "neighbour_school_admin",
    "superuser",
    "student",
)
NOT_THE_OFFICE = ("other_office", "neighbour_officer", "officer", "editor", "bureau")
# (URL name, its keyword arguments, the form posted, the roles that must be refused, the state that must not change)
POSTS = [
    (f"{REPORT_ADMIN}:unpublish", lambda w: {"pk": w.a.report.pk}, {}, NOT_THE_OFFICE, _report),
    (f"{REPORT_ADMIN}:delete", lambda w: {"pk": w.a.report.pk}, {}, NOT_THE_OFFICE, _report),
    (
        f"{REPORT_ADMIN}:edit",
        lambda w: {"pk": w.a.report.pk},
        {"title": "改过的标题", "sessions": 9},
        NOT_THE_OFFICE,
        _report,
    ),
    (
        f"{REPORT_ADMIN}:workflow_action",
        lambda w: {"pk": w.a.submitted.pk, "action_name": "approve", "task_state_id": w.a.task_state.pk},
        {},
        NOT_THE_OFFICE,
        _report,
    ),
    ("campaigns:report_review", lambda w: {"pk": w.a.submitted.pk}, {"action": "approve"}, NOT_THE_OFFICE, _report),
    (
        "campaigns:report_edit",
        lambda w: {"pk": w.a.report.pk},
        {"title": "改过的标题"},
        ("other_officer", "neighbour_officer", "other_office", "teacher"),
        _report,
    ),
    ("campaigns:report_submit", lambda w: {"pk": w.a.report.pk}, {}, ("other_officer", "neighbour_officer"), _report),
    ("wagtailsnippets_campaigns_target:delete", lambda w: {"pk": w.a.target.pk}, {}, ("other_office",), _target),
    (
        "wagtailsnippets_campaigns_target:edit",
        lambda w: {"pk": w.a.target.pk},
        {"value": 1},
        ("other_office", "editor"),
        _target,
    ),
    (
        "portal:reset_password",
        lambda w: {"pk": w.a.student.pk},
        {},
        (
            "other_teacher",
            "colleague_teacher",
            "other_school_admin",
            "neighbour_school_admin",
            "bureau",
            "student",
            "office",
        ),
        _student,
    ),
    (
        "portal:join_code",
        lambda w: {"pk": w.a.school_class.pk},
        {"action": "rotate"},
        ("other_teacher", "colleague_teacher", "other_school_admin", "neighbour_school_admin", "bureau", "student"),
        _student,
    ),
    ("portal:graduate_class", lambda w: {"pk": w.a.school_class.pk}, {}, NOT_THE_SCHOOL_ADMIN, _names),
    ("portal:graduate_grade", lambda w: {"pk": w.a.school.pk, "grade": 7}, {}, NOT_THE_SCHOOL_ADMIN, _names),
    (
        "inbox_read",
        lambda w: {"pk": w.users["office"].notifications.first().pk},
        {"open": "1"},
        ("other_office", "officer", "neighbour_officer", "superuser", "editor", "student"),
        _inbox,
    ),
    (
        "wagtailusers_users:delete",
        lambda w: {"pk": w.a.student.user_id},
        {},
        ("office", "editor", "school_admin"),
        _student,
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "data", "roles", "state"), POSTS, ids=[post[0] for post in POSTS])
def test_out_of_scope_posts_are_refused_and_change_nothing(world, role_client, name, kwargs, data, roles, state):
    url = reverse(name, kwargs=kwargs(world))
    before = state(world)
    failures = []
    for role in roles:
        response = role_client.post(role, url, data)
        if not response.as_role:
            failures.append(f"{role} POST {url}: not answered as {role} (the session was lost)")
        if not refused(response):
            failures.append(f"{role} POST {url}: {response.status_code}, expected refusal")
        if state(world) != before:
            failures.append(f"{role} POST {url} changed {before} into {state(world)}")
            break
    assert not failures, "\n".join(failures)


def test_a_sign_out_leaves_its_role_a_new_session_for_the_next_request(world, role_client):
    home = reverse("portal:home")
    assert role_client.get("teacher", home).status_code == 200
    response = role_client.post("teacher", reverse("sign_out"), {})
    assert response.as_role and response.status_code == 302
    response = role_client.get("teacher", home)
    assert response.as_role and response.status_code == 200


def test_a_lost_session_is_reported_not_taken_for_a_refusal(world, role_client):
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key=role_client.sessions["teacher"]).delete()
    response = role_client.get("teacher", reverse("portal:home"))
    assert not response.as_role
    assert refused(response)
