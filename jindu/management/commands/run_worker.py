import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from jindu.jobs.tasks import housekeeping, publish_scheduled


def enqueue_periodic():
    """Enqueue the minute's periodic tasks, unless one is still waiting (several workers share one queue)."""
    from django_tasks_db.models import DBTaskResult

    for periodic in (publish_scheduled, housekeeping):
        backend = task_backends[periodic.backend]
        if isinstance(backend, DatabaseBackend):
            waiting = DBTaskResult.objects.ready().filter(task_path=periodic.module_path)
            if waiting.exists():
                continue
        periodic.enqueue()


class Command(BaseCommand):
    help = (
        "The task worker: runs django-tasks' db_worker and, every --every seconds, enqueues scheduled publishing "
        "and job housekeeping, so no cron job is needed. `make run` starts it; production runs one or more as "
        "services (README, Deploying). Other options are passed on to db_worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=60, help="seconds between periodic runs (default 60)")
        parser.add_argument(
            "--batch", action="store_true", help="run what is waiting (and one periodic round), then stop"
        )
        parser.add_argument("--queue-name", default="default")
        parser.add_argument("--worker-id", default=None, help="unique across the worker pool (default: random)")

    def handle(self, *args, every, batch, queue_name, worker_id, verbosity, **options):
        stop = threading.Event()

        def tick():
            while True:
                try:
                    enqueue_periodic()
                finally:
                    close_old_connections()
                if stop.wait(max(every, 1)):
                    return

        if batch:
            enqueue_periodic()
        else:
            threading.Thread(target=tick, name="jindu-periodic", daemon=True).start()
        try:
            call_command(
                "db_worker",
                queue_name=queue_name,
                batch=batch,
                reload=False,
                startup_delay=not batch,
                verbosity=verbosity,
                **({"worker_id": worker_id} if worker_id else {}),
                stdout=self.stdout,
                stderr=self.stderr,
            )
        finally:
            stop.set()
