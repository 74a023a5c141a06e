from django.core.management.base import BaseCommand

from campaigns.summary import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the dashboard's monthly summary from the activity reports, after a deploy, a bulk load or a "
        "repair. Saving reports waits while it runs; reading the dashboard does not."
    )

    def handle(self, *args, **options):
        rows, material_rows = rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt the campaign summary: {rows} summary rows, {material_rows} material rows.")
        )
