"""The tasks the worker runs: jobs, and the periodic work `run_worker` enqueues each minute."""

from django.conf import settings
from django.core.management import call_command
from django.utils.module_loading import import_string
from django_tasks import task


@task()
def run_job(job_id):
    from jindu import jobs

    return jobs.run(job_id)


@task()
def publish_scheduled():
    """Wagtail's scheduled publishing: pages whose go-live time has come go live, expired ones are unpublished."""
    call_command("publish_scheduled", verbosity=0)


@task()
def housekeeping():
    """Jobs whose worker died are retried once (exports) or marked failed; job files past their time are deleted; old task results go."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    from jindu import jobs

    if isinstance(task_backends["default"], DatabaseBackend):
        # Two periodic tasks a minute would otherwise keep 2,880 rows a day.
        call_command("prune_db_task_results", min_age_days=1, failed_min_age_days=14, verbosity=0)
    done = {"dead jobs": jobs.fail_dead_jobs(), "expired files": jobs.delete_expired_files()}
    # Other apps' chores by dotted path, so jindu imports none of them (media: transcodes whose worker died).
    for name, chore in settings.JINDU_HOUSEKEEPING.items():
        done[name] = import_string(chore)()
    return done
