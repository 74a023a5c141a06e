"""Benchmark: long work through the task worker on PostgreSQL.

Run from the project root (PostgreSQL server from DATABASE_URL):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/jobs_worker.py \
        [--reports 1000000] [--students 20000] [--rebuild]

It uses the data of bench/campaigns_dashboard.py (its database, built the same way when missing) and the
production task backend (django-tasks-db), then measures:
- the city-year export: the request that starts it (answered with the job page) and the worker's rows per second;
- a roster import of --students students: the request that checks the file and starts the job, and the worker.
The worker runs in process as `manage.py run_worker --batch` would.
"""

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import campaigns_dashboard


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--students", type=int, default=20_000)
    parser.add_argument("--export-threshold", type=int, default=5000, help="JINDU_JOB_EXPORT_ROWS")
    parser.add_argument("--requests-only", action="store_true", help="time the starting requests; run no job")
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


def run_worker():
    from django.core.management import call_command

    begun = time.perf_counter()
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    return time.perf_counter() - begun


def timed(client, method, url, **kwargs):
    begun = time.perf_counter()
    response = getattr(client, method)(url, **kwargs)
    elapsed = (time.perf_counter() - begun) * 1000
    if response.status_code != 302 or "/jobs/" not in response["Location"]:
        raise RuntimeError(f"{url}: {response.status_code}, expected a redirect to a job page")
    return elapsed


def export(client, city, requests_only=False):
    from jindu.models import Job

    url = f"/admin/campaigns/dashboard/export/?region={city.pk}&period=year&year=2024"
    warm = timed(client, "get", url)  # first request: connections and caches warm
    Job.objects.all().delete()
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    starts = [timed(client, "get", url) for _ in range(5 if requests_only else 1)]
    if requests_only:
        print(
            f"export, city, year 2024: requests that start it: median {statistics.median(starts):.0f} ms, "
            f"max {max(starts):.0f} ms (first, cold: {warm:.0f} ms)"
        )
        Job.objects.all().delete()
        DBTaskResult.objects.all().delete()
        return
    seconds = run_worker()
    job = Job.objects.get()
    assert job.status == Job.Status.DONE, job.error
    work = (job.finished - job.started).total_seconds()
    print(f"export, city, year 2024: {job.rows_total} rows")
    print(f"  request that starts it: {starts[0]:.0f} ms (first, cold: {warm:.0f} ms)")
    print(f"  worker: {work:.1f} s for the job ({job.rows_total / work:,.0f} rows/s), batch {seconds:.1f} s")
    print(f"  file: {job.result.size / 1e6:.1f} MB")


def roster(client, students):
    from django.contrib.auth import get_user_model
    from openpyxl import Workbook

    from jindu.models import Job, Region
    from schools.models import School, SchoolClass, SchoolStaff, StaffRole, Student

    region = Region.objects.get(code="990400005")
    school, _ = School.objects.get_or_create(
        code="B20K", defaults={"name": "基准中学", "region": region, "stage": "junior"}
    )
    Student.objects.filter(school=school).delete()
    get_user_model().objects.filter(username__startswith="s-B20K-").delete()
    per_class = 50
    classes = students // per_class
    for number in range(1, classes + 1):
        SchoolClass.objects.get_or_create(
            school=school, grade=7 + number % 3, name=f"{number}班", defaults={"enrolled": per_class}
        )
    admin, _ = get_user_model().objects.get_or_create(username="bench_school_admin")
    SchoolStaff.objects.get_or_create(user=admin, defaults={"role": StaffRole.SCHOOL_ADMIN, "school": school})
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["年级", "班级", "学号", "姓名"])
    for index in range(students):
        number = index // per_class + 1
        sheet.append([7 + number % 3, f"{number}班", f"B{index:06d}", f"学生{index}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "roster.xlsx"
    client.force_login(admin)
    Job.objects.all().delete()
    start = timed(client, "post", f"/school/schools/{school.pk}/import/", data={"file": upload})
    seconds = run_worker()
    job = Job.objects.get()
    assert job.status == Job.Status.DONE, job.error
    work = (job.finished - job.started).total_seconds()
    print(f"roster import: {students} students, {buffer.tell() / 1e6:.1f} MB file")
    print(f"  request that checks the file and starts it: {start:.0f} ms")
    print(f"  worker: {work:.1f} s for the job ({students / work:,.0f} students/s), batch {seconds:.1f} s")
    assert Student.objects.filter(school=school).count() == students


def main():
    args = parse_args()
    campaigns_dashboard.setup(args.rebuild)
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings

    city = campaigns_dashboard.build(args.reports)
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True}
    )
    with (
        tempfile.TemporaryDirectory() as private,
        override_settings(
            TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
            JINDU_PRIVATE_ROOT=Path(private),
            JINDU_JOB_IMPORT_ROWS=300,
            JINDU_JOB_EXPORT_ROWS=args.export_threshold,
        ),
    ):
        client = Client()
        client.force_login(user)
        export(client, city, args.requests_only)
        if not args.requests_only:
            roster(Client(), args.students)


if __name__ == "__main__":
    main()
