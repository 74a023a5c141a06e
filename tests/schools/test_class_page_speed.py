"""The teacher's class page reads as many tables for a class of 100 as for a class of 10 (issue 18, item 2)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from education.models import LessonProgress
from schools.factories import StudentFactory, make_teacher
from schools.graduation import graduate
from schools.models import SchoolClass, Student
from schools.portal.reports import class_report
from schools.rates import class_tallies
from tests.education.fixtures import build_contest, build_world, complete, take

# The session (read only: the idle expiry was started again a moment ago), the user, their roles, the class, its
# students, their progress, the contest's figures, the access log and the unread-message count. The class's
# registration and class-hour figures are counted from the students and progress already read
# (schools.rates.tally_of_read_class); the portal bar knows a staff page is not a student's.
MOST_QUERIES = 9


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


ROWS = "schools/portal/class_grid_rows.html"


def rows_rendered(response):
    return ROWS in [template.name for template in response.templates]


@pytest.mark.django_db
def test_the_grid_rows_are_kept_until_a_student_or_their_progress_changes(page_cache, site_tree):
    world = build_world(site_tree[0])
    teacher = Client()
    teacher.force_login(make_teacher(world.class71))
    url = reverse("portal:class", args=[world.class71.pk])

    first = teacher.get(url)
    assert rows_rendered(first)
    kept = teacher.get(url)
    assert not rows_rendered(kept), "the second reader's rows come from the cache"
    assert kept.text.count("reset-password/") == first.text.count("reset-password/") == 2
    assert 'form="reset-password"' in kept.text and '<form id="reset-password" method="post"' in kept.text

    LessonProgress.objects.filter(user=world.b.user, lesson=world.l2).update(
        quiz_passed=True, completed_at=timezone.now()
    )
    changed = teacher.get(url)
    assert rows_rendered(changed), "progress changed: the rows are made again"
    assert changed.text.count("state--done") > kept.text.count("state--done")

    world.b.name = "赵小北"
    world.b.save()
    renamed = teacher.get(url)
    assert rows_rendered(renamed) and "赵小北" in renamed.text


@pytest.mark.django_db
def test_a_reset_password_button_posts_the_one_form_for_its_student(site_tree):
    world = build_world(site_tree[0])
    teacher = Client(enforce_csrf_checks=True)
    teacher.force_login(make_teacher(world.class71))
    page = teacher.get(reverse("portal:class", args=[world.class71.pk])).text
    form = page.split('<form id="reset-password"', 1)[1].split("</form>", 1)[0]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    address = reverse("portal:reset_password", args=[world.a.pk])
    assert f'formaction="{address}"' in page

    response = teacher.post(address, {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert teacher.post(address).status_code == 403, "without the form's token the post is refused"


@pytest.mark.django_db
def test_the_class_page_counts_its_figures_as_the_official_rates_do(site_tree):
    """The class page counts from the rows it has read; the bureau's tables count in the database. Both agree."""
    world = build_world(site_tree[0])
    build_contest(world)
    add_students(world, 0, 20)
    StudentFactory(school_class=world.class71, number="9900", name="未登录")  # not registered: not counted
    graduate(Student.objects.filter(number__in=["9001", "9010"]))  # kept in the figures without a name

    report = class_report(SchoolClass.objects.select_related("school").get(pk=world.class71.pk), world.contest)
    official = class_tallies(SchoolClass.objects.filter(pk=world.class71.pk), world.contest)[world.class71.pk]

    assert report["graduated"] == 2
    assert report["tally"] == official
    assert (official.registered, official.participants) == (22, 4)
    assert official.credited_hours > 0 and official.required_hours > official.credited_hours


@pytest.mark.django_db
def test_the_portal_bar_leads_staff_to_the_portal_and_students_to_their_courses(site_tree):
    """Staff pages say so to the bar without asking for a student record; a student's pages link to their courses."""
    world = build_world(site_tree[0])
    teacher, student = Client(), Client()
    teacher.force_login(make_teacher(world.class71))
    student.force_login(world.a.user)

    def bar_link(client, address):
        return BeautifulSoup(client.get(address).text, "html.parser").select_one("nav.portal-bar a[href]")["href"]

    assert bar_link(teacher, reverse("portal:class", args=[world.class71.pk])) == reverse("portal:home")
    assert bar_link(student, reverse("portal:my_courses")) == reverse("portal:my_courses")
