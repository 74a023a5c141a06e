"""Long work as jobs: started from a request, run by the task worker, watched on /jobs/<id>/.

A feature app registers what a kind of job does in `KINDS` (a dotted path to `run(job)`); the function reports
progress with `progress()`, leaves its file with `save_file()` and refuses with `JobFailed` and a Chinese reason.
When a job ends, `job_finished` is sent with `job=` (notifications connect to it).
"""

import datetime
import logging
import os
import socket
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jindu.models import Job

logger = logging.getLogger(__name__)

job_finished = Signal()

KINDS = {
    "campaign_export": "campaigns.jobs.export_reports",
    "bulletin_export": "campaigns.jobs.export_bulletin",
    "campaign_import": "campaigns.jobs.import_reports",
    "roster_import": "schools.jobs.import_roster",
    "portal_export": "schools.jobs.export_report",
}

# Kinds that can simply run again after their worker died: they only read and write a file of their own. An
# import is never run twice behind the person's back; it fails and says so.
RETRIED_KINDS = {"campaign_export", "portal_export", "bulletin_export"}

# Progress is written at most this often, so a fast export does not spend its time on UPDATEs.
PROGRESS_SECONDS = 0.5


class JobFailed(Exception):
    """A job refused for a reason the person can act on; the message is shown on the job page."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def start_job(owner, kind, title, *, params=None, rows_total=0, upload=None, upload_name="upload"):
    """Record the job and hand it to the worker once the request's transaction (if any) commits."""
    assert kind in KINDS, kind
    params = {"language": translation.get_language() or settings.LANGUAGE_CODE, **(params or {})}
    job = Job(owner=owner, kind=kind, title=title[:200], params=params, rows_total=rows_total)
    if upload is not None:
        job.upload.save(upload_name, ContentFile(upload), save=False)
    job.save()
    transaction.on_commit(lambda: enqueue(job))
    return job


def enqueue(job):
    from .tasks import run_job

    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


def progress(job, done, total=None, *, force=False, phase=None):
    """Record rows done (and the total, once known, and what is being done); also the worker's heartbeat."""
    now = timezone.now()
    if not force and job.heartbeat and (now - job.heartbeat).total_seconds() < PROGRESS_SECONDS:
        job.rows_done = done
        return
    job.rows_done, job.heartbeat = done, now
    changes = {"rows_done": done, "heartbeat": now}
    if total is not None:
        job.rows_total = changes["rows_total"] = total
    if phase is not None:
        job.message = changes["message"] = str(phase)
    Job.objects.filter(pk=job.pk).update(**changes)
    cache.delete(_live_key(job.pk))


def _live_key(pk):
    return f"jindu:job-rows:{pk}"


def progress_in_transaction(job, done):
    """Rows done inside the import's transaction, where the job's own row cannot show them to anyone else: they go to
    the cache, which the job page reads (shared between web and worker when REDIS_URL is set; without it the page
    shows the phase and jumps to the end)."""
    now = time.monotonic()
    if now - getattr(job, "_live_at", 0) >= PROGRESS_SECONDS:
        job._live_at = now
        cache.set(_live_key(job.pk), done, timeout=24 * 3600)


def live_rows(job):
    """Rows done as the job page shows them: the job's row, or the count from inside a running import's transaction."""
    if job.status != Job.Status.RUNNING:
        return job.rows_done
    return max(job.rows_done, cache.get(_live_key(job.pk)) or 0)


def import_progress(job):
    """A progress callback for an import, `report(stage, done)`: rows checked ("check", before the transaction, on the
    job's row) and rows saved ("save", inside it, through the cache); each stage counts from 0 to the file's rows."""

    def report(stage, done):
        if stage == "check":
            progress(job, done, force=done == 0, phase=_("Checking the rows") if done == 0 else None)
        elif done == 0:
            progress(job, 0, force=True, phase=_("Saving the rows, all of them or none"))
        else:
            progress_in_transaction(job, done)

    return report


def save_file(job, data, filename):
    job.result.save(filename, ContentFile(data), save=False)
    job.result_name = filename


def mark_failed(job, reason):
    """A job that cannot finish: its reason, no file, and the finished signal."""
    updated = Job.objects.filter(pk=job.pk).exclude(status__in=[Job.Status.DONE, Job.Status.FAILED])
    # The phase a running job showed ("Saving the rows…") is no longer true.
    if updated.update(status=Job.Status.FAILED, error=reason, message="", finished=timezone.now()):
        job.refresh_from_db()
        job_finished.send(sender=Job, job=job)


def retry(job):
    """Queue a job whose worker died once more, if its kind allows and it was not retried already; True if queued."""
    if job.kind not in RETRIED_KINDS or job.params.get("retried"):
        return False
    requeued = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker_pid=job.worker_pid).update(
        status=Job.Status.QUEUED,
        params={**job.params, "retried": True},
        rows_done=0,
        started=None,
        heartbeat=None,
        worker_host="",
        worker_pid=None,
    )
    if requeued:
        transaction.on_commit(lambda: enqueue(job))
    return bool(requeued)


def fail_if_worker_gone(job):
    """A running job whose worker died is queued once more (exports) or marked failed (imports, second deaths)."""
    if job.worker_is_gone():
        if not retry(job):
            mark_failed(
                job, _("The worker stopped while this job was running, so nothing of it was saved. Start it again.")
            )
        job.refresh_from_db()
    return job


def fail_dead_jobs():
    """Retry or mark failed every running job whose worker died; returns how many."""
    count = 0
    for job in Job.objects.filter(status=Job.Status.RUNNING):
        if job.worker_is_gone():
            fail_if_worker_gone(job)
            count += 1
    return count


def delete_expired_files(now=None):
    """Delete the files of jobs past their time (JINDU_JOB_FILE_DAYS); the job stays, saying the file is gone."""
    now = now or timezone.now()
    count = 0
    for job in Job.objects.filter(expires__lte=now).exclude(result=""):
        job.result.delete(save=False)
        Job.objects.filter(pk=job.pk).update(result="")
        count += 1
    return count


def run(job_id):
    """Run one job in this process (the worker's task body)."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        started=timezone.now(),
        heartbeat=timezone.now(),
        worker_host=socket.gethostname()[:255],
        worker_pid=os.getpid(),
    )
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    runner = import_string(KINDS[job.kind])
    try:
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            runner(job)
    except JobFailed as refused:
        mark_failed(job, refused.message)
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        mark_failed(
            job,
            _(
                "The job stopped because of an error on the server; nothing of it was saved. Try again later or tell the administrator."
            ),
        )
    else:
        now = timezone.now()
        job.status, job.finished = Job.Status.DONE, now
        job.expires = now + datetime.timedelta(days=settings.JINDU_JOB_FILE_DAYS) if job.result else None
        if job.rows_total:
            job.rows_done = job.rows_total
        job.heartbeat = now
        job.save()
        job_finished.send(sender=Job, job=job)
    finally:
        if job.upload:
            job.upload.delete(save=False)
            Job.objects.filter(pk=job.pk).update(upload="")
    return job.status
