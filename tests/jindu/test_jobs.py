"""Long work through the real database task backend and worker: exports, imports, a killed worker, scheduling."""

import datetime
import io
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from campaigns.factories import ActivityTypeFactory, create_report
from campaigns.models import ActivityReport
from jindu.factories import MaterialKindFactory, UserFactory
from jindu.models import Job
from schools.factories import make_staff, make_teacher
from schools.models import PortalAccess, SchoolStaff, StaffRole, Student
from schools.models.schools import student_username
from tests.campaigns.conftest import make_people, make_regions

WORKER = Path(__file__).with_name("job_worker.py")
# The worker closes a connection it finds inside a transaction, as a test's wrapping transaction would be: the
# worker's tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)
REPORT_HEADER = ["日期", "地区代码", "活动类型", "宣传活动", "活动名称", "场次", "受众人数", "入户数", "备注"]


@pytest.fixture
def db_tasks(settings, tmp_path):
    """The production task backend (django-tasks-db) and private files in a folder of the test's own."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JINDU_PRIVATE_ROOT = tmp_path / "private"
    return settings


def run_worker():
    """`manage.py run_worker --batch`: what is waiting, then stop; the test process keeps its own signal handlers."""
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("run_worker", batch=True, verbosity=0)
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cells(data):
    workbook = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def filename(response):
    return unquote(response["Content-Disposition"].split("''")[-1])


def report_rows(count, *, title="宣讲"):
    return [REPORT_HEADER] + [
        [datetime.date(2024, 3, 1 + index % 28), "450312104", "禁毒宣讲", "", f"{title}{index}", 1, 50, 0, ""]
        for index in range(count)
    ]


@pytest.fixture
def office_world():
    regions = make_regions()
    people = make_people(regions)
    MaterialKindFactory(name="宣传册", unit="册", sort_order=1)
    talk = ActivityTypeFactory(name="禁毒宣讲", unit="场")
    for day in (3, 9, 15):
        create_report(regions.town_a, datetime.date(2024, 5, day), activity_type=talk, sessions=2, people_reached=100)
    create_report(regions.town_b, datetime.date(2024, 6, 1), activity_type=talk, sessions=1, notes="=1+1")
    return regions, people


class TestExportJob:
    QUERY = {"period": "year", "year": 2024}

    def test_export_job_workbook_is_the_direct_export(
        self, client, db_tasks, office_world, django_capture_on_commit_callbacks
    ):
        regions, people = office_world
        client.force_login(people.office)
        query = {**self.QUERY, "region": regions.district.pk}
        direct = client.get(reverse("campaigns_export"), query)
        assert direct.status_code == 200

        db_tasks.JINDU_JOB_EXPORT_ROWS = 2
        with django_capture_on_commit_callbacks(execute=True):
            started = client.get(reverse("campaigns_export"), query)
        job = Job.objects.get()
        assert started.status_code == 302
        assert started["Location"] == reverse("jobs:detail", args=[job.pk])
        assert (job.status, job.rows_total, job.owner) == (Job.Status.QUEUED, 4, people.office)
        page = client.get(started["Location"])
        assert 'http-equiv="refresh"' in page.content.decode()
        assert client.get(reverse("jobs:status", args=[job.pk])).json()["status"] == "queued"

        run_worker()

        job.refresh_from_db()
        assert (job.status, job.rows_done, job.percent, job.error) == (Job.Status.DONE, 4, 100, "")
        assert job.expires > timezone.now() + datetime.timedelta(days=6)
        download = client.get(reverse("jobs:download", args=[job.pk]))
        assert download.status_code == 200
        assert "no-store" in download["Cache-Control"]
        assert "attachment" in download["Content-Disposition"]
        assert cells(b"".join(download.streaming_content)) == cells(direct.content)
        page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert reverse("jobs:download", args=[job.pk]) in page
        assert 'http-equiv="refresh"' not in page

    def test_another_person_gets_404_for_the_job_and_its_file(self, client, db_tasks, office_world):
        regions, people = office_world
        job = Job.objects.create(
            owner=people.office, kind="campaign_export", title="五通报表甲", status=Job.Status.DONE
        )
        job.result.save("x.xlsx", io.BytesIO(b"data"))
        for intruder in (people.other_office, people.officer_a):
            client.force_login(intruder)
            for name in ("jobs:detail", "jobs:status", "jobs:download"):
                assert client.get(reverse(name, args=[job.pk])).status_code == 404, (intruder, name)
            assert "五通报表甲" not in client.get(reverse("jobs:list")).content.decode()
        client.logout()
        assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 302
        assert not str(Path(job.result.path)).startswith(str(db_tasks.MEDIA_ROOT))

    def test_expired_files_are_deleted_and_the_page_says_so(self, client, db_tasks, office_world):
        regions, people = office_world
        job = Job.objects.create(
            owner=people.office,
            kind="campaign_export",
            title="旧导出",
            status=Job.Status.DONE,
            result_name="old.xlsx",
            expires=timezone.now() - datetime.timedelta(minutes=1),
        )
        job.result.save("old.xlsx", io.BytesIO(b"data"))
        path = Path(job.result.path)

        run_worker()

        job.refresh_from_db()
        assert not path.exists() and not job.result
        client.force_login(people.office)
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
        assert "不再保留" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


class TestImportJobs:
    def test_campaign_import_job_applies_every_row_in_the_worker(
        self, client, db_tasks, office_world, django_capture_on_commit_callbacks
    ):
        regions, people = office_world
        db_tasks.JINDU_JOB_IMPORT_ROWS = 5
        client.force_login(people.office)
        before = ActivityReport.objects.count()
        upload = io.BytesIO(xlsx(report_rows(8)))
        upload.name = "reports.xlsx"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("campaigns_import"), {"file": upload})
        job = Job.objects.get()
        assert response["Location"] == reverse("jobs:detail", args=[job.pk])
        assert ActivityReport.objects.count() == before

        run_worker()

        job.refresh_from_db()
        assert job.status == Job.Status.DONE, job.error
        assert ActivityReport.objects.count() == before + 8
        assert "8" in job.message
        assert not job.upload

    def test_import_job_page_counts_rows_saved_inside_the_transaction(
        self, client, db_tasks, office_world, monkeypatch, django_capture_on_commit_callbacks
    ):
        from django.db.models.signals import post_save

        from jindu import jobs

        regions, people = office_world
        db_tasks.JINDU_JOB_IMPORT_ROWS = 5
        monkeypatch.setattr(jobs, "PROGRESS_SECONDS", 0)
        client.force_login(people.office)
        upload = io.BytesIO(xlsx(report_rows(8)))
        upload.name = "reports.xlsx"
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("campaigns_import"), {"file": upload})
        job = Job.objects.get()
        status_url = reverse("jobs:status", args=[job.pk])
        seen = []

        def look(sender, **kwargs):
            seen.append(client.get(status_url).json())

        post_save.connect(look, sender=ActivityReport, weak=False)
        try:
            run_worker()
        finally:
            post_save.disconnect(look, sender=ActivityReport)

        assert seen and {state["status"] for state in seen} == {"running"}
        assert {state["phase"] for state in seen} == {"正在保存：全部保存成功，或一行也不保存"}
        counts = [state["rows_done"] for state in seen]
        assert counts == sorted(counts) and set(range(8)) <= set(counts)
        assert {state["rows_total"] for state in seen} == {8}
        final = client.get(status_url).json()
        assert (final["status"], final["rows_done"], final["phase"]) == ("done", 8, "")

    def test_a_bad_row_is_named_in_the_request_and_no_job_starts(self, client, db_tasks, office_world):
        regions, people = office_world
        db_tasks.JINDU_JOB_IMPORT_ROWS = 5
        rows = report_rows(8)
        rows[5][1] = "999999999"
        upload = io.BytesIO(xlsx(rows))
        upload.name = "reports.xlsx"
        client.force_login(people.office)

        response = client.post(reverse("campaigns_import"), {"file": upload})

        assert response.status_code == 200
        assert "第 6 行" in response.content.decode()
        assert not Job.objects.exists()

    def test_roster_import_job_with_a_row_gone_bad_meanwhile_applies_nothing(
        self, client, db_tasks, django_capture_on_commit_callbacks, settings
    ):
        from tests.conftest import make_site_tree
        from tests.education.fixtures import build_world

        home, _index = make_site_tree()
        world = build_world(home)
        teacher = make_teacher(world.class71, username="roster_teacher")
        settings.JINDU_JOB_IMPORT_ROWS = 5
        rows = [["年级", "班级", "学号", "姓名"]] + [["7", "1班", f"3000{n:02d}", f"新生{n}"] for n in range(10)]
        students = Student.objects.count()
        client.force_login(teacher)
        upload = io.BytesIO(xlsx(rows))
        upload.name = "roster.xlsx"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("portal:import", args=[world.school1.pk]), {"file": upload})
        job = Job.objects.get()
        assert response["Location"] == reverse("jobs:detail", args=[job.pk])
        # Between the check and the worker, someone takes the account of the file's sixth student.
        UserFactory(username=student_username(world.school1.code, "300005"))

        run_worker()

        job.refresh_from_db()
        assert job.status == Job.Status.FAILED
        assert "未导入任何" in job.error or "Nothing was imported" in job.error
        assert Student.objects.count() == students
        page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert job.error.split("：")[0] in page


class TestPortalExportJobs:
    @pytest.fixture
    def school_world(self):
        from tests.conftest import make_site_tree
        from tests.education.fixtures import build_contest, build_world

        home, _index = make_site_tree()
        world = build_world(home)
        build_contest(world)
        world.bureau = make_staff(StaffRole.BUREAU, region=world.district, username="bureau_jobs")
        return world

    def start(self, client, url, query, capture):
        with capture(execute=True):
            started = client.get(url, query)
        job = Job.objects.latest("pk")
        assert started["Location"] == reverse("jobs:detail", args=[job.pk])
        assert (job.kind, job.status) == ("portal_export", Job.Status.QUEUED)
        return job

    def test_school_and_region_export_jobs_give_the_direct_workbooks_and_stay_private(
        self, client, db_tasks, school_world, django_capture_on_commit_callbacks
    ):
        world = school_world
        client.force_login(world.bureau)
        exports = [
            (reverse("portal:school_export", args=[world.school2.pk]), {"sort": "registration", "dir": "desc"}),
            (reverse("portal:region_export", args=[world.district.pk]), {"contest": world.contest.pk, "dir": "desc"}),
            (reverse("portal:region_export", args=[world.district.pk]), {"report": "hours"}),
        ]
        direct = [client.get(url, query) for url, query in exports]
        assert [response.status_code for response in direct] == [200, 200, 200]
        assert not Job.objects.exists()

        db_tasks.JINDU_JOB_PORTAL_EXPORT_STUDENTS = 3
        started = [self.start(client, url, query, django_capture_on_commit_callbacks) for url, query in exports]
        run_worker()

        for job, response in zip(started, direct, strict=True):
            job.refresh_from_db()
            assert job.status == Job.Status.DONE, job.error
            download = client.get(reverse("jobs:download", args=[job.pk]))
            assert filename(download) == filename(response)
            assert cells(b"".join(download.streaming_content)) == cells(response.content)
        exports_logged = PortalAccess.objects.filter(user=world.bureau, action=PortalAccess.Action.EXPORT)
        assert exports_logged.count() == 6

        other_bureau = make_staff(StaffRole.BUREAU, region=world.town_a, username="bureau_other")
        client.force_login(other_bureau)
        for name in ("jobs:detail", "jobs:status", "jobs:download"):
            assert client.get(reverse(name, args=[started[0].pk])).status_code == 404

    def test_a_bureau_that_lost_the_region_gets_a_failed_job_and_no_file(
        self, client, db_tasks, school_world, django_capture_on_commit_callbacks
    ):
        world = school_world
        db_tasks.JINDU_JOB_PORTAL_EXPORT_STUDENTS = 3
        client.force_login(world.bureau)
        job = self.start(
            client, reverse("portal:region_export", args=[world.district.pk]), {}, django_capture_on_commit_callbacks
        )
        SchoolStaff.objects.filter(user=world.bureau).update(region=world.town_a)

        run_worker()

        job.refresh_from_db()
        assert (job.status, bool(job.result)) == (Job.Status.FAILED, False)
        assert "不能再查看" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def kill_worker_midway(db_tasks, tmp_path, *mode, settle=0.0):
    """Run the harness worker until it is inside the waiting job, then kill -9 it."""
    marker = tmp_path / "saving"
    marker.unlink(missing_ok=True)
    worker = subprocess.Popen(
        [
            sys.executable,
            str(WORKER),
            connection.settings_dict["NAME"],
            str(db_tasks.JINDU_PRIVATE_ROOT),
            str(marker),
            *mode,
        ]
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert worker.poll() is None, "the worker ended before reaching the job"
            assert time.monotonic() < deadline, "the worker never reached the job"
            time.sleep(0.1)
        time.sleep(settle)
        assert Job.objects.get().status == Job.Status.RUNNING
    finally:
        worker.kill()
        worker.wait()
    assert worker.returncode == -signal.SIGKILL


def test_killed_worker_leaves_nothing_applied_and_the_job_failed(client, db_tasks, tmp_path):
    regions = make_regions()
    people = make_people(regions)
    ActivityTypeFactory(name="禁毒宣讲", unit="场")
    db_tasks.JINDU_JOB_IMPORT_ROWS = 5
    client.force_login(people.office)
    upload = io.BytesIO(xlsx(report_rows(40)))
    upload.name = "reports.xlsx"
    response = client.post(reverse("campaigns_import"), {"file": upload})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])

    kill_worker_midway(db_tasks, tmp_path, settle=1)  # a few reports saved inside the import's transaction

    assert ActivityReport.objects.count() == 0
    state = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert (state["status"], state["finished"]) == ("failed", True)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "没有保存" in page


def test_export_whose_worker_was_killed_runs_again_once_and_gives_the_direct_export(
    client, db_tasks, office_world, tmp_path, django_capture_on_commit_callbacks
):
    regions, people = office_world
    client.force_login(people.office)
    query = {"period": "year", "year": 2024, "region": regions.district.pk}
    direct = client.get(reverse("campaigns_export"), query)
    db_tasks.JINDU_JOB_EXPORT_ROWS = 2
    client.get(reverse("campaigns_export"), query)
    job = Job.objects.get()

    kill_worker_midway(db_tasks, tmp_path, "export")
    with django_capture_on_commit_callbacks(execute=True):
        state = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert (state["status"], state["finished"]) == ("queued", False)

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.params["retried"], job.error) == (Job.Status.DONE, True, "")
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert cells(b"".join(download.streaming_content)) == cells(direct.content)


def test_an_export_whose_worker_dies_twice_fails_with_a_reason(client, db_tasks, office_world):
    regions, people = office_world
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    job = Job.objects.create(
        owner=people.office,
        kind="campaign_export",
        title="导出",
        status=Job.Status.RUNNING,
        params={"query": "", "retried": True},
        worker_host=socket.gethostname(),
        worker_pid=gone.pid,
    )

    run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    client.force_login(people.office)
    assert "没有保存" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_scheduled_publishing_needs_only_the_worker(db_tasks, site_tree):
    from jindu.factories import ArticlePageFactory

    home, index = site_tree
    article = ArticlePageFactory(parent=index, title="六月宣传月", live=False)
    article.go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    time.sleep(2.5)  # the go-live time passes; nobody runs publish_scheduled

    run_worker()

    article.refresh_from_db()
    assert article.live
