"""Honest lesson completion: the video really watched and the quiz, if any, passed."""

import operator
from functools import reduce

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from education.models import CoursePage, LessonPage, LessonProgress
from jindu.pagecache import remember
from schools.students import student_of


def _progress(user, lesson):
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson, defaults={"quiz_passed": not lesson.has_quiz}
    )
    return progress


def refresh(progress, lesson=None):
    """Set `completed_at` when the video was watched and the quiz passed (or there is none); save if changed."""
    lesson = lesson or progress.lesson
    if not lesson.has_quiz and not progress.quiz_passed:
        progress.quiz_passed = True
    complete = progress.video_watched and progress.quiz_passed
    if complete and progress.completed_at is None:
        progress.completed_at = timezone.now()
    elif not complete:
        progress.completed_at = None
    progress.save()
    return progress


@transaction.atomic
def record_video_watched(user, lesson):
    """Called by the media app once its watch tracking credits the lesson's video as watched."""
    progress = _progress(user, lesson)
    progress.video_watched = True
    return refresh(progress, lesson)


@transaction.atomic
def record_quiz_passed(user, lesson):
    """Called by quiz submission when the student passes the lesson's quiz."""
    progress = _progress(user, lesson)
    progress.quiz_passed = True
    return refresh(progress, lesson)


def on_media_watched(sender, user, media, **kwargs):
    """The media app credited a video as watched: every lesson showing it moves on."""
    if student_of(user) is None:
        return
    for lesson in LessonPage.objects.live().filter(video=media):
        record_video_watched(user, lesson)


def on_quiz_result(result):
    """A quiz was graded: a passed quiz counts for every lesson that uses it."""
    if not result.passed or not result.user_id:
        return
    lessons = list(LessonPage.objects.live().filter(quiz_id=result.quiz_id))
    if not lessons or student_of(result.user) is None:
        return
    for lesson in lessons:
        record_quiz_passed(result.user, lesson)


def catch_up(user, lesson, watched=None):
    """The student's progress on `lesson`, first taking in a video watched or quiz passed elsewhere.

    A student may have watched the video in the library, or passed the quiz, before the lesson
    pointed at them; opening the lesson credits what the tracking and grading already hold.
    `watched`: whether the lesson's video is credited as watched, when the caller has read it already.
    """
    from education.models import Result
    from media.tracking import is_watched

    progress = progress_of(user, lesson)
    if watched is None and lesson.video_id:
        watched = not (progress and progress.video_watched) and is_watched(user, lesson.video)
    if lesson.video_id and not (progress and progress.video_watched) and watched:
        progress = record_video_watched(user, lesson)
    passed = lesson.quiz_id and Result.objects.filter(user=user, quiz_id=lesson.quiz_id, passed=True).exists()
    if passed and not (progress and progress.quiz_passed):
        progress = record_quiz_passed(user, lesson)
    return progress


def progress_of(user, lesson):
    return LessonProgress.objects.filter(user=user, lesson=lesson).first()


def completed_lesson_ids(user, lessons):
    return set(
        LessonProgress.objects.filter(user=user, lesson__in=lessons, completed_at__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )


def course_progress_for(user, courses):
    """{course id: (completed lessons, lessons)} for a student; empty for everyone else."""
    if student_of(user) is None or not courses:
        return {}
    lessons = lessons_by_course(courses)
    done = completed_lesson_ids(user, [lesson for items in lessons.values() for lesson in items])
    return {
        course_id: (sum(1 for lesson in items if lesson.pk in done), len(items)) for course_id, items in lessons.items()
    }


def lessons_by_course(courses):
    """{course id: [live lessons in order]} in one query."""
    courses = list(courses)
    result = {course.pk: [] for course in courses}
    if not courses:
        return result
    by_path = {course.path: course.pk for course in courses}
    steplen = CoursePage.steplen
    depths = {course.depth + 1 for course in courses}
    lessons = LessonPage.objects.live().filter(depth__in=depths).order_by("path")
    lessons = lessons.filter(reduce(operator.or_, (Q(path__startswith=path) for path in by_path)))
    for lesson in lessons:
        course_id = by_path.get(lesson.path[: len(lesson.path) - steplen])
        if course_id is not None:
            result[course_id].append(lesson)
    return result


def courses_for(stage, grade):
    """[(course, [live lessons in order])] for a stage and grade, kept until the next content change (a page saved)."""

    def build():
        courses = [
            course
            for course in CoursePage.objects.live().filter(stage=stage).order_by("grade", "path")
            if course.applies_to(stage, grade)
        ]
        lessons = lessons_by_course(courses)
        return [(course, lessons[course.pk]) for course in courses]

    return remember(f"courses-for:{stage}:{grade}", build)


def student_courses(student):
    """The live courses for the student's stage and grade, each with its lessons and the student's progress."""
    kept = courses_for(student.school.stage, student.school_class.grade)
    courses = [course for course, _items in kept]
    lessons = {course.pk: items for course, items in kept}
    rows = {
        row.lesson_id: row
        for row in LessonProgress.objects.filter(
            user_id=student.user_id, lesson__in=[lesson for items in lessons.values() for lesson in items]
        )
    }
    result = []
    for course in courses:
        items = lessons[course.pk]
        done = sum(1 for lesson in items if rows.get(lesson.pk) and rows[lesson.pk].is_complete)
        touched = [rows[lesson.pk] for lesson in items if lesson.pk in rows and not rows[lesson.pk].is_complete]
        if touched:
            resume_id = max(touched, key=lambda row: row.updated_at).lesson_id
            resume = next(lesson for lesson in items if lesson.pk == resume_id)
        else:
            resume = next(
                (lesson for lesson in items if not (rows.get(lesson.pk) and rows[lesson.pk].is_complete)), None
            )
        result.append(
            {
                "course": course,
                "lessons": items,
                "done": done,
                "total": len(items),
                "percent": round(100 * done / len(items)) if items else 0,
                "resume": resume,
                "started": bool(done or touched),
            }
        )
    return result
