from decimal import Decimal

import pytest

from education.completion import record_quiz_passed, record_video_watched, refresh, student_courses
from education.factories import LessonPageFactory, QuestionFactory, QuizPageFactory
from education.models import LessonProgress
from schools.models import SchoolClass
from schools.rates import class_tallies

pytestmark = pytest.mark.django_db


def lesson_with_quiz(world):
    quiz = QuizPageFactory(parent=world.course7, questions=[QuestionFactory()])
    return LessonPageFactory(parent=world.course7, quiz=quiz)


def test_lesson_without_a_quiz_completes_when_the_credited_watch_arrives(world):
    lesson = LessonPageFactory(parent=world.course7)

    progress = record_video_watched(world.c.user, lesson)

    assert progress.video_watched and progress.quiz_passed
    assert progress.completed_at is not None


def test_lesson_with_a_quiz_needs_both_the_watch_and_the_passed_quiz(world):
    lesson = lesson_with_quiz(world)
    watched = record_video_watched(world.c.user, lesson)
    assert watched.completed_at is None, "watching alone does not complete a lesson with a quiz"

    passed = record_quiz_passed(world.c.user, lesson)

    assert passed.completed_at is not None
    assert LessonProgress.objects.get(user=world.c.user, lesson=lesson).is_complete


def test_passing_the_quiz_without_watching_does_not_complete(world):
    lesson = lesson_with_quiz(world)
    progress = record_quiz_passed(world.c.user, lesson)

    assert progress.completed_at is None


def test_recording_twice_keeps_one_row_and_the_first_completion_time(world):
    first = record_video_watched(world.c.user, world.l1)
    again = record_video_watched(world.c.user, world.l1)

    assert LessonProgress.objects.filter(user=world.c.user, lesson=world.l1).count() == 1
    assert again.completed_at == first.completed_at


def test_refresh_clears_completion_when_a_condition_no_longer_holds(world):
    progress = LessonProgress.objects.get(user=world.a.user, lesson=world.l1)
    progress.video_watched = False

    refresh(progress)

    assert progress.completed_at is None


def test_completing_a_lesson_raises_the_class_hour_completion_rate(world):
    before = class_tallies(SchoolClass.objects.all())[world.class71.pk].credited_hours

    record_quiz_passed(world.b.user, world.l2)  # b had only watched L2

    after = class_tallies(SchoolClass.objects.all())[world.class71.pk]
    assert after.credited_hours == before + Decimal("2.0")
    assert after.completion_rate == 1


def test_changing_class_hours_updates_credited_hours_without_touching_progress(world):
    world.l1.class_hours = Decimal("0.5")
    world.l1.save_revision().publish()

    tally = class_tallies(SchoolClass.objects.all())[world.class71.pk]

    assert tally.credited_hours == Decimal("2.5") + Decimal("0.5")  # a: 0.5 + 2, b: 0.5


def test_student_sees_course_progress_and_where_to_continue(world):
    (course,) = student_courses(world.b)

    assert (course["done"], course["total"], course["percent"]) == (1, 2, 50)
    assert course["resume"] == world.l2 and course["started"]
    (finished,) = student_courses(world.a)
    assert finished["resume"] is None and finished["percent"] == 100
