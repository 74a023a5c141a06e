from django.core.management.base import BaseCommand, CommandError

from schools.graduation import ANONYMISE, DELETE, graduate
from schools.models import School, SchoolClass, Student


class Command(BaseCommand):
    help = (
        "Graduate a class or a school's leavers of one grade: anonymise (default; past figures unchanged) "
        "or delete the students with their user rows."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--class", dest="class_id", type=int, help="The class id.")
        target.add_argument("--school", dest="school_id", type=int, help="The school id (with --grade).")
        parser.add_argument("--grade", type=int, help="The leavers' grade, with --school.")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--anonymise", dest="mode", action="store_const", const=ANONYMISE)
        mode.add_argument("--delete", dest="mode", action="store_const", const=DELETE)

    def handle(self, *args, class_id=None, school_id=None, grade=None, mode=None, **options):
        if class_id is not None:
            if not SchoolClass.objects.filter(pk=class_id).exists():
                raise CommandError(f"No class with id {class_id}.")
            students = Student.objects.filter(school_class_id=class_id)
        else:
            if grade is None:
                raise CommandError("--school needs --grade.")
            if not School.objects.filter(pk=school_id).exists():
                raise CommandError(f"No school with id {school_id}.")
            students = Student.objects.filter(school_id=school_id, school_class__grade=grade)
        count = graduate(students, mode or ANONYMISE)
        verb = "deleted" if mode == DELETE else "anonymised"
        self.stdout.write(f"{count} student(s) {verb}.")
