"""The data behind the portal pages: built here, rendered and exported by the views."""

from education.models import LessonProgress, SchoolClass
from education.school_rates import Curriculum, class_tallies, sort_rows

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
    progress = LessonProgress.objects.filter(
        student__school_class=school_class, lesson_id__in=[lesson.pk for lesson in lessons]
    ).values_list("user_id", "lesson_id", "video_watched", "completed_at")
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
        "tally": class_tallies(SchoolClass.objects.filter(pk=school_class.pk), contest, curriculum)[school_class.pk],
    }


def classes_table(classes, contest=None, sort=None, descending=False):
    """Rows of (class, tally) for a queryset of classes, sorted like the bureau table (`sort`: a Tally attribute)."""
    class_list = list(classes.select_related("school"))
    tallies = class_tallies(classes, contest)
    rows = [{"label": f"{c.grade:02d}{c.name}", "school_class": c, "tally": tallies[c.pk]} for c in class_list]
    return sort_rows(rows, sort, descending)
