import io

import pytest
from django.core.management import call_command

from education.models import LessonPage, LessonProgress, QuizPage, Result, School, Student
from education.school_rates import region_table
from jindu.models import Region
from media.models import SubtitleTrack

pytestmark = pytest.mark.django_db


def counts():
    return (School.objects.count(), Student.objects.count(), LessonProgress.objects.count(), Result.objects.count())


def test_demo_adds_two_linggui_schools_with_real_rates_and_running_it_twice_doubles_nothing(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    first = counts()
    call_command("load_demo", stdout=io.StringIO())

    assert counts() == first
    assert_every_demo_lesson_can_be_done()
    assert first[0] == 2 and first[1] > 100 and first[2] > 100
    assert "username demo.teacher, password" in out.getvalue() and "username demo.bureau, password" in out.getvalue()
    total = region_table(Region.objects.get(name="临桂区"))["total"]
    assert 0.5 < total.registration_rate < 1
    assert 0 < total.completion_rate < 1
    assert total.school_registration_rate == 1
    contest = QuizPage.objects.get(slug="junior-contest")
    notice = region_table(Region.objects.get(name="临桂区"), contest, hours=False)["total"]
    assert 0.3 < notice.participation_rate < 1 and 0 < notice.pass_rate < 1
    assert notice.schools_participating == 1 and notice.mean_score > 40


def assert_every_demo_lesson_can_be_done():
    """Each demo lesson has its own short clip with a poster and Mandarin subtitles, and a quiz of bank questions."""
    lessons = list(LessonPage.objects.live().select_related("video", "quiz"))
    assert len(lessons) == 5
    assert len({lesson.video_id for lesson in lessons}) == 5
    for lesson in lessons:
        video = lesson.video
        assert video.type == "video" and 0 < video.duration <= 10 and video.file.name.endswith(".mp4")
        assert video.thumbnail and video.file.size < 50_000
        track = SubtitleTrack.objects.get(media=video)
        assert track.is_default and track.cue_count >= 3
        assert lesson.quiz.live and lesson.quiz.students_only
        assert lesson.quiz.question_total() == 3 and lesson.quiz.pass_mark == 60
