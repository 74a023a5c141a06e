"""Benchmark the school portal: 100,000 students in 200 schools with 1,000,000 lesson-progress rows.

Run from the project root against PostgreSQL (the database is created and filled once, then reused):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jindu_schools_bench .venv/bin/python bench/schools_bench.py

It times, through the whole Django stack (django.test.Client), the bureau's 通报表 of the district for a
contest most students took once or twice, its registration and class-hour table, one school's report, one
class's grid and the contest's admin statistics: median and max of --repeat requests, and the query count.
Targets: each under 1 s, with a query count that does not depend on the number of schools or students.
Switch PostgreSQL's JIT off (append ?options=-c%20jit%3Doff to DATABASE_URL): compiling the contest
queries costs more than running them.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jindu.settings.test")

SCHOOLS = 200
CLASSES_PER_SCHOOL = 10
STUDENTS_PER_CLASS = 50
LESSONS = 10
TOWNS = 20
BATCH = 10_000
PREFIX = "BENCH"


def setup_django():
    import django

    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own, e.g. .../jindu_schools_bench")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build():
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from education.models import CourseIndexPage, CoursePage, LessonPage, LessonProgress
    from jindu.models import HomePage, Region
    from jindu.models.regions import RegionLevel
    from schools.models import School, SchoolClass, Student
    from schools.models.schools import Stage

    if School.objects.filter(code__startswith=PREFIX).count() == SCHOOLS:
        return
    started = time.perf_counter()
    User = get_user_model()
    with transaction.atomic():
        district = Region.add_root(code=f"{PREFIX}0", name="基准区", level=RegionLevel.DISTRICT)
        towns = [
            district.add_child(code=f"{PREFIX}T{n:02d}", name=f"基准镇{n:02d}", level=RegionLevel.TOWN)
            for n in range(TOWNS)
        ]
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="基准首页", slug=f"{PREFIX.lower()}-home"))
        index = home.add_child(instance=CourseIndexPage(title="禁毒课堂", slug="courses"))
        course = index.add_child(
            instance=CoursePage(title="初中禁毒课", slug="junior", stage=Stage.JUNIOR, required_class_hours=LESSONS)
        )
        lessons = [
            course.add_child(instance=LessonPage(title=f"第{n + 1}课", slug=f"l{n}", class_hours=1))
            for n in range(LESSONS)
        ]
        schools = School.objects.bulk_create(
            School(code=f"{PREFIX}{n:04d}", name=f"基准学校{n:04d}", region=towns[n % TOWNS], stage=Stage.JUNIOR)
            for n in range(SCHOOLS)
        )
        classes = SchoolClass.objects.bulk_create(
            SchoolClass(school=school, grade=7 + c % 3, name=f"{c + 1}班", enrolled=STUDENTS_PER_CLASS + 2)
            for school in schools
            for c in range(CLASSES_PER_SCHOOL)
        )
    print(f"schools and classes: {time.perf_counter() - started:.1f} s", flush=True)
    now = timezone.now()
    for start in range(0, len(classes), BATCH // STUDENTS_PER_CLASS):
        chunk = classes[start : start + BATCH // STUDENTS_PER_CLASS]
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(username=f"{PREFIX}-{c.pk}-{s}", password="!", display_name=f"学生{s}")
                for c in chunk
                for s in range(STUDENTS_PER_CLASS)
            )
            Student.objects.bulk_create(
                Student(
                    user=users[i * STUDENTS_PER_CLASS + s],
                    school_id=c.school_id,
                    school_class=c,
                    name=f"学生{s}",
                    number=f"{c.pk}{s:03d}",
                    registered_at=now if s % 10 else None,  # 90 % registered
                    must_change_password=False,
                )
                for i, c in enumerate(chunk)
                for s in range(STUDENTS_PER_CLASS)
            )
            LessonProgress.objects.bulk_create(
                LessonProgress(
                    user=user,
                    lesson=lesson,
                    video_watched=True,
                    quiz_passed=True,
                    completed_at=now if (user.pk + n) % 4 else None,
                )
                for user in users
                for n, lesson in enumerate(lessons)
            )
        print(
            f"  {min(start + BATCH // STUDENTS_PER_CLASS, len(classes))}/{len(classes)} classes: {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


def build_contest():
    """A contest under the bench home page: 70 % of registered students submit one or two attempts."""
    from django.db import connection, transaction

    from education.models import Attempt, QuizAudience, QuizPage, Result
    from jindu.models import HomePage
    from schools.models import Student

    if QuizPage.objects.filter(slug=f"{PREFIX.lower()}-contest").exists():
        return
    started = time.perf_counter()
    home = HomePage.objects.get(slug=f"{PREFIX.lower()}-home")
    contest = home.add_child(
        instance=QuizPage(
            title="基准竞赛", slug=f"{PREFIX.lower()}-contest", is_contest=True, audience=QuizAudience.STUDENTS
        )
    )
    user_ids = list(
        Student.objects.filter(school__code__startswith=PREFIX, registered_at__isnull=False)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    takes = [
        (user_id, 4 + (user_id + n) % 7) for user_id in user_ids if user_id % 10 < 7 for n in range(1 + user_id % 2)
    ]
    for start in range(0, len(takes), BATCH):
        chunk = takes[start : start + BATCH]
        with transaction.atomic():
            attempts = Attempt.objects.bulk_create(Attempt(quiz=contest, user_id=user_id) for user_id, _right in chunk)
            Result.objects.bulk_create(
                Result(
                    attempt=attempt,
                    quiz=contest,
                    user_id=user_id,
                    correct_count=right,
                    question_count=10,
                    score=right * 10,
                    passed=right >= 6,
                )
                for attempt, (user_id, right) in zip(attempts, chunk, strict=True)
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"contest: {len(takes)} results in {time.perf_counter() - started:.0f} s", flush=True)


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000, max(times) * 1000, len(queries)


def run(repeat):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from education.models import LessonProgress, QuizPage
    from jindu.models import Region
    from schools.models import School, SchoolClass, SchoolStaff, StaffRole, Student

    def make_staff(role, **where):
        user, _ = get_user_model().objects.get_or_create(username=f"bench.{role}")
        SchoolStaff.objects.get_or_create(user=user, role=role, **where)
        return user

    district = Region.objects.get(code=f"{PREFIX}0")
    school = School.objects.get(code=f"{PREFIX}0000")
    school_class = SchoolClass.objects.filter(school=school).first()
    print(
        f"data: {School.objects.filter(code__startswith=PREFIX).count()} schools, "
        f"{Student.objects.filter(school__code__startswith=PREFIX).count()} students, "
        f"{LessonProgress.objects.count()} lesson-progress rows"
    )
    client = Client()
    contest = QuizPage.objects.get(slug=f"{PREFIX.lower()}-contest")
    editor, _ = get_user_model().objects.get_or_create(username="bench.editor", is_superuser=True, is_staff=True)
    checks = [
        (
            "bureau 通报表 (200 schools by town)",
            make_staff(StaffRole.BUREAU, region=district),
            reverse("portal:region", args=[district.pk]),
        ),
        (
            "bureau registration and class hours",
            make_staff(StaffRole.BUREAU, region=district),
            reverse("portal:region", args=[district.pk]) + "?report=hours",
        ),
        (
            "one school's report",
            make_staff(StaffRole.SCHOOL_ADMIN, school=school),
            reverse("portal:school", args=[school.pk]),
        ),
        (
            "one class's grid",
            make_staff(StaffRole.SCHOOL_ADMIN, school=school),
            reverse("portal:class", args=[school_class.pk]),
        ),
        (
            "bureau Excel export",
            make_staff(StaffRole.BUREAU, region=district),
            reverse("portal:region_export", args=[district.pk]),
        ),
        ("contest admin statistics", editor, reverse("education_statistics:detail", args=[contest.pk])),
    ]
    for label, user, url in checks:
        client.force_login(user)
        median, worst, queries = measure(client, url, repeat)
        print(f"{label:38s} median {median:7.1f} ms  max {worst:7.1f} ms  {queries} queries")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    build()
    build_contest()
    run(args.repeat)


if __name__ == "__main__":
    main()
