"""A real task worker process for tests/jindu/test_job_worker.py, slowed so a test can kill it in the middle of a job.

Usage: job_worker.py DATABASE_NAME PRIVATE_ROOT MARKER [export]. Each activity report saved takes a moment longer,
and the first one saved creates MARKER, so the test knows the import's transaction is open. With `export`, the
job's first progress report creates MARKER and the worker then hangs there, so the test knows an export is running.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jindu.settings.test")

import django
from django.conf import settings


def main():
    database, private_root, marker = sys.argv[1:4]
    mode = sys.argv[4] if len(sys.argv) > 4 else "import"
    settings.DATABASES["default"]["NAME"] = database
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JINDU_PRIVATE_ROOT = Path(private_root)
    django.setup()

    from django.core.management import call_command
    from django.db.models.signals import post_save

    from campaigns.models import ActivityReport

    def slow_save(sender, **kwargs):
        Path(marker).touch()
        time.sleep(0.2)

    if mode == "export":
        from jindu import jobs

        reported = jobs.progress

        def hanging_progress(*args, **kwargs):
            reported(*args, **kwargs)
            Path(marker).touch()
            time.sleep(120)

        jobs.progress = hanging_progress
    else:
        post_save.connect(slow_save, sender=ActivityReport, weak=False)
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


if __name__ == "__main__":
    main()
