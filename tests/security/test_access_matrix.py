"""The access matrix, generated from the URL resolver: every pattern × every role, half A's objects.

Each role of half A has a twin in half B ("other_…"), so one request per role proves own and other scope.
Besides the status, no response may show a student's name or a report's title outside the role's scope.
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests.security.kwargs import build_kwargs, parameters
from tests.security.matrix import TABLE
from tests.security.probe import body_text, client_for, refused, url_patterns
from tests.security.world import ROLES, build_world

PATTERNS = url_patterns()
KEYS = sorted({name for name, _route, _pattern in PATTERNS})


@pytest.fixture(scope="module")
def world_uploads(tmp_path_factory):
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, world_uploads):
    """The world's files stay where the module fixture wrote them."""
    settings.MEDIA_ROOT = world_uploads


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_uploads):
    """Built once for the module inside a transaction that is rolled back at its end."""
    with override_settings(MEDIA_ROOT=world_uploads), django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        world.sessions = {}
        for role, user in world.users.items():
            if user is not None:
                client = Client()
                client.force_login(user)
                world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield world
        transaction.set_rollback(True)


def permitted_names(world, role):
    """The sensitive words a role may read: its own students or its own reports."""
    if role == "superuser":
        return set(world.sensitive)
    half = world.b if role.startswith("other_") else world.a
    base = role.removeprefix("other_")
    if base == "student":
        return {half.student.name}
    if base in ("teacher", "school_admin", "bureau"):
        return set(half.student_names)
    if base in ("officer", "office"):
        return set(half.report_titles)
    return set()


def urls_for(world, key):
    entry = TABLE[key]
    if entry.path:
        return entry.path(world)
    urls = []
    for name, _route, pattern in PATTERNS:
        if name == key:
            kwargs = build_kwargs(world, name, parameters(pattern), entry.kwargs)
            urls.append(reverse(name, kwargs=kwargs))
    return sorted(set(urls))


def test_every_registered_url_pattern_has_an_entry():
    missing = [key for key in KEYS if key not in TABLE]
    assert not missing, f"URL patterns without an access-matrix entry (add them to tests/security/matrix.py): {missing}"


def test_the_table_names_no_pattern_the_site_lacks():
    assert not set(TABLE) - set(KEYS)


@pytest.mark.parametrize("key", [key for key in KEYS if key in TABLE])
def test_access(world, key, db):
    entry = TABLE[key]
    world.sensitive = [*world.a.student_names, *world.b.student_names, *world.a.report_titles, *world.b.report_titles]
    public = set(entry.public_names(world)) if entry.public_names else set()
    failures = []
    for url in urls_for(world, key):
        for role in ROLES:
            response = client_for(world.sessions.get(role)).get(url)
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
            leaked = [
                name for name in world.sensitive if name in text and name not in permitted_names(world, role) | public
            ]
            if leaked:
                failures.append(f"{role} {url}: shows out-of-scope {leaked}")
    assert not failures, "\n".join(failures)
