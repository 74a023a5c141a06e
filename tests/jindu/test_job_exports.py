"""Big exports as jobs: the worker's workbook is the direct export, private to its owner, deleted when it expires."""

import datetime
import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from jindu.models import Job
from schools.factories import make_staff
from schools.models import PortalAccess, SchoolStaff, StaffRole
from tests.jindu.jobs_support import cells, filename, run_worker

# The worker closes a connection it finds inside a transaction, as a test's wrapping transaction would be: the
# worker's tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


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
