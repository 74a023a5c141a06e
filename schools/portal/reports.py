"""The data behind the portal pages: built here, rendered and exported by the views."""

import hashlib

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from education.models import LessonProgress
from schools.models import SchoolClass, Student
from schools.rates import Curriculum, class_tallies, kept_contests, region_table, sort_rows, tally_of_read_class, total

from . import tables

DONE, WATCHED, NOT_STARTED = "done", "watched", "none"


def class_report(school_class, contest=None, curriculum=None):
    """The student × lesson grid of one class, who has not registered or finished, and its rates."""
    curriculum = curriculum or Curriculum()
    courses, hours, required = curriculum.for_class(school_class.school.stage, school_class.grade)
    lessons = [lesson for course in courses for lesson in curriculum.lessons[course.pk]]
    # Graduated students stay in the figures (the tally) but have no name to list: they are counted apart.
    everyone = list(school_class.students.order_by("number"))
    students = [student for student in everyone if not student.is_graduated]
    states = {}
    progress = list(
        LessonProgress.objects.filter(
            student__school_class=school_class, lesson_id__in=[lesson.pk for lesson in lessons]
        ).values_list("user_id", "lesson_id", "video_watched", "completed_at")
    )
    for user_id, lesson_id, watched, completed_at in progress:
        states[user_id, lesson_id] = DONE if completed_at else WATCHED if watched else NOT_STARTED
    rows = []
    for student in students:
        cells = [states.get((student.user_id, lesson.pk), NOT_STARTED) for lesson in lessons]
        credited = sum((hours[lesson.pk] for lesson, state in zip(lessons, cells, strict=True) if state == DONE), 0)
        rows.append(
            {
                "student": student,
                "cells": cells,
                "credited": credited,
                "done": cells.count(DONE),
                "finished": bool(lessons) and all(state == DONE for state in cells),
            }
        )
    registered = [row for row in rows if row["student"].is_registered]
    return {
        "school_class": school_class,
        "courses": courses,
        "lessons": lessons,
        "required": required,
        "rows": rows,
        "graduated": len(everyone) - len(students),
        "not_registered": [row["student"] for row in rows if not row["student"].is_registered],
        "not_finished": [row for row in registered if not row["finished"]],
        "tally": tally_of_read_class(
            school_class,
            everyone,
            [(user_id, lesson_id) for user_id, lesson_id, _watched, completed_at in progress if completed_at],
            curriculum,
            contest,
        ),
    }


def grid_key(report):
    """Everything the class page's lists and grid show, as one digest: they are kept under it (class_detail.html).

    A student added, renamed, registered or graduated, a lesson watched or completed, a lesson renamed: the key
    changes.
    """
    lessons = [(lesson.pk, lesson.title, lesson.class_hours) for lesson in report["lessons"]]
    shown = [report["can_manage"], report["required"], report["graduated"], lessons]
    for row in report["rows"]:
        student = row["student"]
        shown.append((student.pk, student.name, student.number, student.is_registered, row["cells"], row["credited"]))
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def classes_table(classes, contest=None, sort=None, descending=False):
    """Rows of (class, tally) for a queryset of classes, sorted like the bureau table (`sort`: a Tally attribute)."""
    class_list = list(classes.select_related("school"))
    tallies = class_tallies(classes, contest)
    rows = [{"label": f"{c.grade:02d}{c.name}", "school_class": c, "tally": tallies[c.pk]} for c in class_list]
    return sort_rows(rows, sort, descending)


def contest_choice(query):
    """(chosen contest, every reportable contest): the one named by ?contest=, else the latest."""
    choices = kept_contests()
    wanted = query.get("contest", "")
    chosen = next((contest for contest in choices if str(contest.pk) == wanted), None)
    return chosen or (choices[0] if choices else None), choices


def picker(contest, choices, keep=None):
    """Context for the contest picker; `keep` holds the other query parameters the form carries along."""
    return {"contest": contest, "contests": choices, "picker_keep": sorted((keep or {}).items())}


def _subtitle(contest, day):
    parts = [contest.title] if contest else []
    return " · ".join([*parts, tables.as_of(day)])


def school_table(school, query):
    """A school's table by class for the query string's contest and sort, as the page shows it and the export writes it."""
    columns = tables.SCHOOL_COLUMNS
    sort, attribute, descending = tables.sort_params(query, columns)
    contest, choices = contest_choice(query)
    items = classes_table(SchoolClass.objects.filter(school=school), contest, attribute, descending)
    rows = [
        tables.row(
            str(item["school_class"]),
            item["tally"],
            columns,
            url=reverse("portal:class", args=[item["school_class"].pk]),
        )
        for item in items
    ]
    school_tally = total(item["tally"] for item in items)
    rows.append(tables.row(_("Whole school"), school_tally, columns, kind="total"))
    keep = {"contest": contest.pk} if contest else {}
    return {
        "school": school,
        "columns": columns,
        "rows": rows,
        "header": tables.header(_("Class"), columns, sort, descending, keep),
        "subtitle": _subtitle(contest, timezone.localdate()),
        **picker(contest, choices, {"sort": sort, "dir": "desc" if descending else "asc"}),
    }


NOTICE, HOURS = "notice", "hours"


def region_report(region, query):
    """The region's 通报表 for a contest (the default report) or its registration and class-hour table."""
    report = HOURS if query.get("report") == HOURS else NOTICE
    columns = tables.NOTICE_COLUMNS if report == NOTICE else tables.HOURS_COLUMNS
    sort, attribute, descending = tables.sort_params(query, columns)
    if report == NOTICE:
        contest, choices = contest_choice(query)
        keep = {"contest": contest.pk} if contest else {}
    else:
        contest, choices, keep = None, [], {"report": HOURS}
    table = region_table(region, contest, attribute, descending, hours=report == HOURS)
    rows = []
    for group in table["groups"]:
        town = group["town"]
        town_url = reverse("portal:region", args=[town.pk]) if town.pk != region.pk else ""
        rows.append(tables.row(group["label"], group["tally"], columns, url=town_url, kind="group"))
        for item in group["rows"]:
            url = reverse("portal:school", args=[item["school"].pk])
            rows.append(tables.row(item["label"], item["tally"], columns, url=url))
    rows.append(tables.row(_("Total"), table["total"], columns, kind="total"))
    if report == NOTICE:
        title = _("%(region)s contest report") % {"region": region.name}
    else:
        title = _("%(region)s registration and class hours") % {"region": region.name}
    return {
        "region": region,
        "report": report,
        "table": table,
        "columns": columns,
        "rows": rows,
        "title": title,
        "subtitle": _subtitle(contest, table["as_of"]),
        "header": tables.header(_("Town / school"), columns, sort, descending, keep),
        "school_count": table["school_count"],
        **picker(contest, choices, {"sort": sort, "dir": "desc" if descending else "asc"}),
    }


def school_workbook(context):
    """(workbook, file name) of a school's table."""
    school = context["school"]
    workbook = tables.table_workbook(school.name, _("Class"), context["columns"], context["rows"], context["subtitle"])
    return workbook, f"{school.name}.xlsx"


def region_workbook(context):
    """(workbook, file name) of a region's table."""
    title = context["title"]
    workbook = tables.table_workbook(
        title, _("Town / school"), context["columns"], context["rows"], context["subtitle"]
    )
    return workbook, f"{title}.xlsx"


def students_covered(schools):
    """How many students a school or region table counts: what decides whether its export becomes a job."""
    return Student.objects.filter(school_class__school__in=schools).count()
