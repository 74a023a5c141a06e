"""A lesson completes from the real sources: the media app's watch tracking and quiz grading."""

import datetime

import pytest
from django.utils import timezone

from education import grading
from education.factories import LessonPageFactory, QuestionFactory, QuizPageFactory
from education.models import LessonProgress
from media.factories import MediaFactory
from media.tracking import record_heartbeat
from tests.education.helpers import right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def watch_through(user, media, start=None):
    """Heartbeats every 15 s of real time from the start to the end of the video."""
    now = start or timezone.now()
    for position in range(0, int(media.duration) + 15, 15):
        record_heartbeat(user, media, min(position, media.duration), now=now)
        now += datetime.timedelta(seconds=15)


def make_lesson(world, quiz=None):
    video = MediaFactory(duration=60)
    return LessonPageFactory(parent=world.course7, video=video, quiz=quiz), video


def test_watching_the_video_through_completes_a_lesson_without_a_quiz(world):
    lesson, video = make_lesson(world)

    watch_through(world.c.user, video)

    progress = LessonProgress.objects.get(user=world.c.user, lesson=lesson)
    assert progress.video_watched and progress.completed_at is not None


def test_jumping_to_the_end_does_not_complete_the_lesson(world):
    lesson, video = make_lesson(world)
    now = timezone.now()
    record_heartbeat(world.c.user, video, 0, now=now)
    record_heartbeat(world.c.user, video, 60, now=now + datetime.timedelta(seconds=5))

    assert not LessonProgress.objects.filter(user=world.c.user, lesson=lesson, video_watched=True).exists()


def test_lesson_with_a_quiz_completes_only_after_the_watch_and_a_passed_quiz(world):
    quiz = QuizPageFactory(parent=world.course7, questions=[QuestionFactory() for _ in range(3)])
    lesson, video = make_lesson(world, quiz=quiz)
    user = world.c.user

    failed = grading.start_attempt(quiz, user=user)
    grading.submit(failed, wrong_answers(failed))
    watch_through(user, video)
    assert LessonProgress.objects.get(user=user, lesson=lesson).completed_at is None

    passed = grading.start_attempt(quiz, user=user)
    grading.submit(passed, right_answers(passed))

    progress = LessonProgress.objects.get(user=user, lesson=lesson)
    assert progress.video_watched and progress.quiz_passed and progress.completed_at is not None


def test_opening_a_lesson_credits_a_video_watched_before_the_lesson_used_it(client, world):
    video = MediaFactory(duration=30)
    watch_through(world.a.user, video)
    lesson = LessonPageFactory(parent=world.course7, video=video)
    client.force_login(world.a.user)

    client.get(lesson.url)

    assert LessonProgress.objects.get(user=world.a.user, lesson=lesson).completed_at is not None


def test_staff_watching_a_lesson_video_creates_no_student_progress(world, django_user_model):
    lesson, video = make_lesson(world)
    teacher = django_user_model.objects.create_user("t-watch", password="correct-horse-battery")

    watch_through(teacher, video)

    assert not LessonProgress.objects.filter(lesson=lesson).exists()


def test_a_student_with_a_one_time_password_must_change_it_before_a_lesson(client, world):
    lesson, _video = make_lesson(world)
    world.c.must_change_password = True
    world.c.save()
    client.force_login(world.c.user)

    response = client.get(lesson.url)

    assert response.status_code == 302
    assert response["Location"] == "/school/student/password/"
