"""The official rates, aggregated in the database: the query count never grows with schools or students."""

from collections import defaultdict
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q

from education.completion import lessons_by_course
from education.models import CoursePage, LessonProgress, School, SchoolClass, Student
from jindu.models import Region


def contest_attempts():
    """Every submitted contest attempt, with `user`, `passed` and `full_marks`.

    Participation, pass and full-mark rates are counted from it.
    """
    from education.models import Result

    return Result.objects.filter(quiz__is_contest=True, user__isnull=False).annotate(
        full_marks=ExpressionWrapper(Q(score=100), output_field=BooleanField())
    )


def ratio(part, whole):
    """part / whole as a Decimal fraction, or None when there is nothing to divide by (shown as “—”)."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


@dataclass
class Tally:
    """The counts behind every rate; tallies add up from class to school to town to region."""

    enrolled: int = 0
    registered: int = 0
    credited_hours: Decimal = Decimal(0)
    required_hours: Decimal = Decimal(0)
    participants: int = 0
    attempts: int = 0
    passed: int = 0
    full_marks: int = 0
    schools: int = 0
    schools_registered: int = 0

    def __add__(self, other):
        return Tally(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def registration_rate(self):
        return ratio(self.registered, self.enrolled)

    @property
    def completion_rate(self):
        rate = ratio(self.credited_hours, self.required_hours)
        return min(rate, Decimal(1)) if rate is not None else None

    @property
    def participation_rate(self):
        return ratio(self.participants, self.registered)

    @property
    def pass_rate(self):
        return ratio(self.passed, self.attempts)

    @property
    def full_mark_rate(self):
        return ratio(self.full_marks, self.attempts)

    @property
    def school_registration_rate(self):
        return ratio(self.schools_registered, self.schools)


def total(tallies):
    return sum(tallies, Tally())


class Curriculum:
    """Live courses and lessons, loaded once: which lessons count for a stage and grade, and their class hours."""

    def __init__(self):
        self.courses = list(CoursePage.objects.live().order_by("stage", "grade", "path"))
        self.lessons = lessons_by_course(self.courses)
        self._cache = {}

    def for_class(self, stage, grade):
        """(courses, {lesson id: current class hours}, required class hours per student)."""
        key = (stage, grade)
        if key not in self._cache:
            courses = [course for course in self.courses if course.applies_to(stage, grade)]
            hours = {lesson.pk: lesson.class_hours for course in courses for lesson in self.lessons[course.pk]}
            required = sum((course.required_class_hours for course in courses), Decimal(0))
            self._cache[key] = (courses, hours, required)
        return self._cache[key]


def class_tallies(classes, curriculum=None, attempts=None):
    """{class id: Tally} for a queryset of classes (already scoped), in a fixed number of queries."""
    curriculum = curriculum or Curriculum()
    attempts = contest_attempts() if attempts is None else attempts
    rows = list(classes.values("pk", "grade", "enrolled", stage=F("school__stage")))
    tallies = {row["pk"]: Tally(enrolled=row["enrolled"]) for row in rows}
    if not rows:
        return tallies
    class_ids = classes.values("pk")
    registered = Student.objects.filter(school_class__in=class_ids, registered_at__isnull=False)
    for row in registered.values("school_class_id").annotate(n=Count("pk")).order_by():
        tallies[row["school_class_id"]].registered = row["n"]

    completed = (
        LessonProgress.objects.filter(
            completed_at__isnull=False,
            student__school_class__in=class_ids,
            student__registered_at__isnull=False,
        )
        .values("lesson_id", class_id=F("student__school_class_id"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    stage_grade = {row["pk"]: (row["stage"], row["grade"]) for row in rows}
    for row in completed:
        _courses, hours, _required = curriculum.for_class(*stage_grade[row["class_id"]])
        if row["lesson_id"] in hours:
            tallies[row["class_id"]].credited_hours += hours[row["lesson_id"]] * row["n"]
    for pk, tally in tallies.items():
        tally.required_hours = curriculum.for_class(*stage_grade[pk])[2] * tally.registered

    if attempts is not None:
        contest = (
            attempts.filter(user__student__school_class__in=class_ids, user__student__registered_at__isnull=False)
            .values(class_id=F("user__student__school_class_id"))
            .annotate(
                attempt_count=Count("pk"),
                passed_count=Count("pk", filter=Q(passed=True)),
                full_count=Count("pk", filter=Q(full_marks=True)),
                participant_count=Count("user_id", distinct=True),
            )
            .order_by()
        )
        for row in contest:
            tally = tallies[row["class_id"]]
            tally.attempts = row["attempt_count"]
            tally.passed = row["passed_count"]
            tally.full_marks = row["full_count"]
            tally.participants = row["participant_count"]
    return tallies


def school_tallies(schools, curriculum=None, attempts=None):
    """{school id: Tally} for a queryset of schools."""
    result = {}
    classes = SchoolClass.objects.filter(school__in=schools.values("pk"))
    by_class = class_tallies(classes, curriculum, attempts)
    school_of = dict(classes.values_list("pk", "school_id"))
    for pk in schools.values_list("pk", flat=True):
        result[pk] = Tally(schools=1)
    for class_id, tally in by_class.items():
        result[school_of[class_id]] += tally
    for tally in result.values():
        tally.schools_registered = 1 if tally.registered else 0
    return result


SORT_KEYS = {
    "name": None,
    "registration": "registration_rate",
    "completion": "completion_rate",
    "participation": "participation_rate",
    "pass": "pass_rate",
    "full": "full_mark_rate",
    "schools": "school_registration_rate",
}


def sort_rows(rows, sort, descending):
    """Sort (label, tally, …) rows by a rate; rows without a rate go last either way."""
    attribute = SORT_KEYS.get(sort)
    if attribute is None:
        return sorted(rows, key=lambda row: row["label"], reverse=descending)
    present = [row for row in rows if getattr(row["tally"], attribute) is not None]
    missing = [row for row in rows if getattr(row["tally"], attribute) is None]
    present.sort(key=lambda row: (getattr(row["tally"], attribute), row["label"]), reverse=descending)
    return present + sorted(missing, key=lambda row: row["label"])


def town_of(region_path, towns_by_path, steplen):
    for end in range(steplen, len(region_path) + 1, steplen):
        town = towns_by_path.get(region_path[:end])
        if town:
            return town
    return None


def region_table(region, sort="name", descending=False, attempts=None):
    """The bureau table: the region's schools grouped by town, each group with its subtotal, and the total."""
    schools = School.objects.in_region(region).select_related("region")
    school_list = list(schools)
    tallies = school_tallies(schools, attempts=attempts)
    towns = {town.path: town for town in Region.objects.in_subtree(region).towns()}
    groups = defaultdict(list)
    for school in school_list:
        town = town_of(school.region.path, towns, Region.steplen)
        groups[town or region].append({"label": school.name, "school": school, "tally": tallies[school.pk]})
    result = []
    for town, rows in groups.items():
        result.append(
            {
                "label": town.name,
                "town": town,
                "tally": total(row["tally"] for row in rows),
                "rows": sort_rows(rows, sort, descending),
            }
        )
    result = sort_rows(result, sort, descending)
    return {"groups": result, "total": total(group["tally"] for group in result), "school_count": len(school_list)}
