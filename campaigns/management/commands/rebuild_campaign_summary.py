from django.core.management.base import BaseCommand
from django.db import transaction

from campaigns.summary import rebuild
from campaigns.tasks import rebuild_summary


class Command(BaseCommand):
    help = (
        "Recompute the dashboard's monthly summary from the activity reports, after a deploy, a bulk load or a "
        "repair. Saving reports waits while it runs; reading the dashboard does not. --in-worker hands it to the "
        "task worker and returns at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--in-worker", action="store_true", help="enqueue it for the task worker")

    def handle(self, *args, in_worker, **options):
        if in_worker:
            result = rebuild_summary.enqueue()
            self.stdout.write(self.style.SUCCESS(f"Enqueued the campaign summary rebuild (task {result.id})."))
            return
        with transaction.atomic():
            rows, material_rows = rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt the campaign summary: {rows} summary rows, {material_rows} material rows.")
        )
