from django.core.management.base import BaseCommand, CommandError

from campaigns.importer import import_reports


class Command(BaseCommand):
    help = "Import activity reports from an .xlsx file made from the template; every row or none."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the .xlsx file")

    def handle(self, *args, **options):
        try:
            with open(options["file"], "rb") as file:
                result = import_reports(file)
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing was imported: {len(result.errors)} problem(s).")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {result.created} new, {result.updated} updated, {result.unchanged} unchanged."
            )
        )
