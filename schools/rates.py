"""Every rate, defined once: the portal pages, the admin statistics, the campaigns dashboard and every export read
them here.

The awareness rate of public quizzes has its own module, schools/awareness.py.

Contest rates count students, not attempts. A registered student takes part once any attempt of theirs is
submitted; their best attempt (the one rankings and certificates use) decides whether they passed, reached the
excellent mark or got full marks, and the mean score is the mean of best scores. Passing is the grade of record
(the flag the student saw on their result); excellent is the contest's own mark, set per contest.

Counts are aggregated in the database, so the query count never grows with schools, classes or students.
"""

from collections import defaultdict
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from education.completion import lessons_by_course
from education.contests import best_results, ranked
from education.models import CoursePage, LessonProgress, QuizPage, Result
from jindu.models import Region
from jindu.pagecache import remember
from schools.models import School, SchoolClass, Student

ONE_DECIMAL = Decimal("0.1")


def ratio(part, whole):
    """part / whole as a Decimal fraction, or None when there is nothing to divide by (shown as “—”)."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


def percent(fraction):
    """A fraction as the percentage every table shows and exports: one decimal, halves rounded up."""
    if fraction is None:
        return None
    return (Decimal(str(fraction)) * 100).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def one_decimal(value):
    return None if value is None else Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class Tally:
    """The counts behind every rate; tallies add up from class to school to town to region."""

    enrolled: int = 0
    registered: int = 0
    credited_hours: Decimal = Decimal(0)
    required_hours: Decimal = Decimal(0)
    participants: int = 0
    passed: int = 0
    excellent: int = 0
    full_marks: int = 0
    best_score_total: int = 0
    schools: int = 0
    schools_registered: int = 0
    schools_participating: int = 0

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
        """参与率: registered students with a submitted attempt / registered students."""
        return ratio(self.participants, self.registered)

    @property
    def pass_rate(self):
        """及格率: participants whose best attempt passed / participants."""
        return ratio(self.passed, self.participants)

    @property
    def excellent_rate(self):
        """优秀率: participants whose best attempt reached the contest's excellent mark / participants."""
        return ratio(self.excellent, self.participants)

    @property
    def full_mark_rate(self):
        """满分率: participants whose best attempt answered every question right / participants."""
        return ratio(self.full_marks, self.participants)

    @property
    def mean_score(self):
        """平均分: the mean of participants' best scores, to one decimal."""
        mean = ratio(self.best_score_total, self.participants)
        return one_decimal(mean)

    @property
    def school_registration_rate(self):
        return ratio(self.schools_registered, self.schools)

    @property
    def school_participation_rate(self):
        """学校参与率: schools with at least one participant / schools."""
        return ratio(self.schools_participating, self.schools)


def total(tallies):
    return sum(tallies, Tally())


def contests():
    """Contests whose rates can be reported, the latest first (by opening, then publication)."""
    has_results = Exists(Result.objects.filter(quiz=OuterRef("pk")))
    return (
        QuizPage.objects.filter(is_contest=True)
        .filter(Q(live=True) | Q(has_results))
        .annotate(started=Coalesce("opens_at", "first_published_at"))
        .order_by(F("started").desc(nulls_last=True), "-pk")
    )


def kept_contests():
    """`contests()` as a list, kept until the next content change.

    A contest joins the list when it is published and leaves it when it is unpublished with no
    result; only a live contest gets results, so the list changes only when a page is saved.
    """
    return remember("reportable-contests", lambda: list(contests()))


def contest_or_latest(pk=None):
    """The contest with this pk if it is reportable, else the latest one; None when there is none."""
    queryset = contests()
    if pk not in (None, ""):
        try:
            chosen = queryset.filter(pk=int(pk)).first()
        except (TypeError, ValueError):
            chosen = None
        if chosen is not None:
            return chosen
    return queryset.first()


def best_attempts_by_class(contest, class_ids):
    """Per class: how the best attempts of its registered students at `contest` did, one row per class.

    The best attempt is the one rankings and certificates use (education.contests.best_results). Reaching the
    excellent mark is computed exactly from the answers (correct × 100 ≥ mark × questions), not from the
    rounded score.
    """
    return (
        best_results(contest)
        .filter(user__student__school_class__in=class_ids, user__student__registered_at__isnull=False)
        .alias(margin=F("correct_count") * 100 - F("question_count") * contest.excellent_mark)
        .values(class_id=F("user__student__school_class_id"))
        .annotate(
            participants=Count("pk"),
            passed=Count("pk", filter=Q(passed=True)),
            excellent=Count("pk", filter=Q(margin__gte=0)),
            full_marks=Count("pk", filter=Q(correct_count=F("question_count"))),
            best_score_total=Sum("score"),
        )
        .order_by()
    )


def _live_curriculum():
    courses = list(CoursePage.objects.live().order_by("stage", "grade", "path"))
    return courses, lessons_by_course(courses)


class Curriculum:
    """Live courses and lessons, loaded once: which lessons count for a stage and grade, and their class hours."""

    def __init__(self):
        self.courses, self.lessons = remember("curriculum", _live_curriculum)  # pages: kept until the next change
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


def class_tallies(classes, contest=None, curriculum=None, hours=True):
    """{class id: Tally} for a queryset of classes (already scoped), in a fixed number of queries.

    `contest`: the contest whose rates to count (none: contest rates stay empty). `hours=False` skips the
    class-hour counts, for reports that show contest figures only.
    """
    rows = list(
        classes.values("pk", "grade", "enrolled", stage=F("school__stage"))
        .annotate(registered=Count("students", filter=Q(students__registered_at__isnull=False), distinct=True))
        .order_by()
    )
    tallies = {row["pk"]: Tally(enrolled=row["enrolled"], registered=row["registered"]) for row in rows}
    if not rows:
        return tallies
    class_ids = classes.values("pk")
    _count_contest(tallies, contest, class_ids)
    if hours:
        _count_hours(tallies, rows, class_ids, curriculum or Curriculum())
    return tallies


def tally_of_read_class(school_class, students, completed, curriculum, contest=None):
    """`class_tallies()` of one class whose students and lesson progress a page has read already (the class page).

    `students`: all the class's students, graduated ones too; `completed`: (user id, lesson id) of each lesson a
    student of the class completed. The counts are class_tallies' own, taken from those rows instead of read again.
    """
    _courses, hours, required = curriculum.for_class(school_class.school.stage, school_class.grade)
    registered = [student for student in students if student.registered_at is not None]
    users = {student.user_id for student in registered}
    credited = sum((hours[lesson_id] for user_id, lesson_id in completed if user_id in users), Decimal(0))
    tally = Tally(
        enrolled=school_class.enrolled,
        registered=len(registered),
        credited_hours=credited,
        required_hours=required * len(registered),
    )
    _count_contest({school_class.pk: tally}, contest, [school_class.pk])
    return tally


def _count_contest(tallies, contest, class_ids):
    if contest is None:
        return
    for row in best_attempts_by_class(contest, class_ids):
        tally = tallies[row.pop("class_id")]
        for name, value in row.items():
            setattr(tally, name, value)


def _count_hours(tallies, rows, class_ids, curriculum):
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


def school_tallies(schools, contest=None, curriculum=None, hours=True):
    """{school id: Tally} for a queryset of schools."""
    classes = SchoolClass.objects.filter(school__in=schools.values("pk"))
    by_class = class_tallies(classes, contest, curriculum, hours)
    return _add_up_schools(schools.values_list("pk", flat=True), classes.values_list("pk", "school_id"), by_class)


def _add_up_schools(school_ids, class_schools, by_class):
    result = {pk: Tally(schools=1) for pk in school_ids}
    for class_id, school_id in class_schools:
        result[school_id] += by_class[class_id]
    for tally in result.values():
        tally.schools_registered = 1 if tally.registered else 0
        tally.schools_participating = 1 if tally.participants else 0
    return result


def contest_schools(schools, contest):
    """The schools a contest is for: those of its stage, or all of them when it is open to every stage."""
    if contest is not None and contest.stage:
        return schools.filter(stage=contest.stage)
    return schools


def contest_overview(contest):
    """The contest over every school: (total Tally, [(class, Tally)] for the classes that took part).

    The admin statistics show it; it is the sum the portal makes for a region, taken over all schools.
    """
    schools = contest_schools(School.objects.all(), contest)
    in_schools = SchoolClass.objects.filter(school__in=schools)
    classes = list(in_schools.select_related("school").order_by("school__name", "grade", "name"))
    by_class = class_tallies(in_schools, contest, hours=False)
    by_school = _add_up_schools(schools.values_list("pk", flat=True), [(c.pk, c.school_id) for c in classes], by_class)
    rows = [(c, by_class[c.pk]) for c in classes if by_class[c.pk].participants]
    return total(by_school.values()), rows


def class_ranking(contest, limit=20):
    """[(rank, class, Tally)] of the classes that took part, by participation rate then mean best score.

    Shown to everyone who opens the contest: schools and classes, never a student's name.
    """
    _overall, rows = contest_overview(contest)
    rows.sort(key=lambda row: (-row[1].participation_rate, -row[1].mean_score, row[0].school.name, str(row[0])))
    ranks = ranked(rows[:limit], key=lambda row: (row[1].participation_rate, row[1].mean_score))
    return [(rank, school_class, tally) for rank, (school_class, tally) in ranks]


def takers_outside_schools(contest):
    """Signed-in takers of `contest` with no registered student record: not counted in any official rate."""
    counted = Student.objects.filter(registered_at__isnull=False).values("user_id")
    return (
        Result.objects.filter(quiz=contest, user__isnull=False)
        .exclude(user_id__in=counted)
        .values("user_id")
        .distinct()
        .count()
    )


def sort_rows(rows, attribute, descending):
    """Sort rows ({"label", "tally", …}) by a Tally attribute (None: by name); rows without a value go last."""
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


def region_table(region, contest=None, sort=None, descending=False, hours=True):
    """The bureau table: the region's schools grouped by town, each group with its subtotal, and the total.

    `sort` is a Tally attribute (None sorts by name); towns and the schools inside each town follow it.
    """
    schools = contest_schools(School.objects.in_region(region), contest).select_related("region")
    school_list = list(schools)
    tallies = school_tallies(schools, contest, hours=hours)
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
    return {
        "groups": result,
        "total": total(group["tally"] for group in result),
        "school_count": len(school_list),
        "contest": contest,
        "as_of": timezone.localdate(),
    }
