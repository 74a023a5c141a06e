"""Big imports as jobs: every row applied in the worker, or none, with progress the job page can read."""

import io

import pytest
from django.urls import reverse

from campaigns.models import ActivityReport
from jindu.factories import UserFactory
from jindu.models import Job
from schools.factories import make_teacher
from schools.models import Student
from schools.models.schools import student_username
from tests.jindu.jobs_support import report_rows, run_worker
from tests.schools.test_roster_import import xlsx

# The worker closes a connection it finds inside a transaction, as a test's wrapping transaction would be: the
# worker's tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


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
