from django.core.management.base import BaseCommand, CommandError

from jindu.region_import import import_regions


class Command(BaseCommand):
    help = "Import regions from a CSV file (code, name, level, parent_code); all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CSV file")

    def handle(self, *args, **options):
        try:
            with open(options["file"], "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(str(error)) from error
        result = import_regions(data)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError("Nothing was imported.")
        self.stdout.write(f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged.")
