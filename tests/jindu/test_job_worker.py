"""A real worker process killed in the middle of a job, one that dies twice, and scheduled publishing."""

import datetime
import io
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from campaigns.factories import ActivityTypeFactory
from campaigns.models import ActivityReport
from jindu.models import Job
from tests.campaigns.conftest import make_people, make_regions
from tests.jindu.jobs_support import cells, report_rows, run_worker
from tests.schools.test_roster_import import xlsx

WORKER = Path(__file__).with_name("job_worker.py")
# The worker closes a connection it finds inside a transaction, as a test's wrapping transaction would be: the
# worker's tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


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
            time.sleep(0.02)
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

    kill_worker_midway(db_tasks, tmp_path, settle=0.5)  # a few reports saved inside the import's transaction

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
    go_live = article.go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    # The go-live time passes; nobody runs publish_scheduled.
    time.sleep(max(0.0, (go_live - timezone.now()).total_seconds()) + 0.1)

    run_worker()

    article.refresh_from_db()
    assert article.live
