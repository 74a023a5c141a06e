from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools.models import School, SchoolClass
from schools.roster_import import import_roster


class Command(BaseCommand):
    help = "Import a student roster (Excel .xlsx or CSV) into one school; all rows or none, as in the portal."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--school", required=True, help="The school code.")

    def handle(self, *args, **options):
        school = School.objects.filter(code=options["school"]).first()
        if school is None:
            raise CommandError(f"No school with code {options['school']}.")
        try:
            data = options["file"].read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        result = import_roster(data, school, SchoolClass.objects.filter(school=school))
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing imported: {len(result.errors)} problem(s).")
        self.stdout.write(f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged.")
