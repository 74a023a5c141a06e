"""The teacher's class page reads as many tables for a class of 100 as for a class of 10 (issue 18, item 2)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from education.models import LessonProgress
from schools.factories import StudentFactory, make_teacher
from tests.education.fixtures import build_contest, build_world, complete, take

# The session (read only: the idle expiry was started again a moment ago), the user, their roles, the class,
# its students, their progress, the tallies, the contest's figures, the access log, the unread-message count and
# whether the user is a student.
MOST_QUERIES = 12


def add_students(world, start, count):
    """Registered students who each completed the first lesson, watched the second; every tenth took the contest."""
    for number in range(start, start + count):
        student = StudentFactory(
            school_class=world.class71, number=f"9{number:03d}", name=f"学生{number}", registered=True
        )
        complete(student, world.l1)
        LessonProgress.objects.create(user=student.user, lesson=world.l2, video_watched=True)
        if number % 10 == 0:
            take(student, world.contest, 8)


def class_page_queries(client, url):
    client.get(url)  # the first reader keeps the site frame
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.django_db
def test_class_page_queries_do_not_grow_with_its_students(page_cache, site_tree):
    world = build_world(site_tree[0])
    build_contest(world)
    teacher = Client()
    teacher.force_login(make_teacher(world.class71))
    url = reverse("portal:class", args=[world.class71.pk])

    add_students(world, 0, 10)
    with_10, _response = class_page_queries(teacher, url)
    add_students(world, 10, 90)
    with_100, response = class_page_queries(teacher, url)

    assert with_100 == with_10 <= MOST_QUERIES, (with_10, with_100)
    assert response.text.count("reset-password/") == 102  # a, b and the hundred added, each with their form
    assert "学生99" in response.text
