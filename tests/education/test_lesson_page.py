"""The lesson page is where a lesson is done: tracked player, credited share, the quiz, 已完成 and the next lesson."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from education import lessons
from education.factories import LessonPageFactory, QuestionFactory, QuizPageFactory
from education.models import Attempt, LessonProgress, QuizAudience
from media.factories import MediaFactory, SubtitleTrackFactory
from media.tracking import record_heartbeat
from schools.factories import make_teacher
from tests.conftest import make_site_tree
from tests.education.fixtures import build_world
from tests.education.helpers import right_answers, wrong_answers

DONE_HIDDEN = 'data-lesson-done aria-live="polite" hidden'


def watch(user, media, seconds, start=None):
    """Heartbeats every 10 s of real time from the start to `seconds` into the video."""
    now = start or timezone.now() - datetime.timedelta(seconds=seconds + 10)
    for position in range(0, seconds + 1, 10):
        record_heartbeat(user, media, position, now=now + datetime.timedelta(seconds=position))


class LessonPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home, _index = make_site_tree()
        cls.world = build_world(home)
        cls.video = MediaFactory(duration=60, thumbnail=ContentFile(b"\xff\xd8\xff\xe0poster", name="poster.jpg"))
        SubtitleTrackFactory(media=cls.video)
        cls.quiz = QuizPageFactory(
            parent=home,
            title="课后测验",
            audience=QuizAudience.STUDENTS,
            ask_region=False,
            pass_mark=60,
            questions=[QuestionFactory() for _ in range(3)],
        )
        course = cls.world.course7
        cls.lesson = LessonPageFactory(parent=course, title="新型毒品", video=cls.video, quiz=cls.quiz)
        cls.last = LessonPageFactory(parent=course, title="课后复习")
        cls.student = cls.world.b.user
        cls.teacher = make_teacher(cls.world.class71)

    def open_lesson(self, lesson=None):
        return self.client.get((lesson or self.lesson).url)

    def start_quiz(self):
        response = self.client.post(reverse("education:start", args=[self.quiz.pk]), {"lesson": self.lesson.pk})
        self.assertEqual(response.status_code, 302)
        return Attempt.objects.filter(user=self.student, quiz=self.quiz, result__isnull=True).get()

    def submit(self, attempt, answers):
        response = self.client.post(reverse("education:attempt", args=[attempt.token]), answers)
        self.assertRedirects(response, reverse("education:result", args=[attempt.token]))
        return self.client.get(response["Location"])

    def test_lesson_plays_its_video_in_the_tracked_player_with_subtitles_and_poster(self):
        self.client.force_login(self.student)

        response = self.open_lesson()

        self.assertContains(response, f'data-heartbeat-url="{reverse("media:heartbeat")}"')
        self.assertContains(response, f'data-media-id="{self.video.pk}"')
        self.assertContains(response, "playsinline")
        self.assertContains(response, f'poster="{self.video.thumbnail.url}"')
        self.assertContains(response, 'kind="subtitles"')
        self.assertRegex(response.content.decode(), r'<track [^>]*srclang="zh-Hans"[^>]* default>')
        self.assertContains(response, "media/media.css")
        self.assertContains(response, "至少观看 90%")

    def test_credited_share_of_the_video_is_shown(self):
        watch(self.student, self.video, 30)
        self.client.force_login(self.student)

        response = self.open_lesson()

        self.assertContains(response, "已观看 50%")
        self.assertNotContains(response, ">✓ 已看完<")

    def test_quiz_is_offered_on_the_lesson_with_a_csrf_protected_start_form(self):
        self.client.force_login(self.student)

        response = self.open_lesson()

        content = response.content.decode()
        form = re.search(
            r'<form method="post" action="([^"]+)" class="lesson-step__action">(.*?)</form>', content, re.S
        )
        self.assertEqual(form.group(1), reverse("education:start", args=[self.quiz.pk]))
        self.assertIn("csrfmiddlewaretoken", form.group(2))
        self.assertIn(f'name="lesson" value="{self.lesson.pk}"', form.group(2))
        self.assertIn("开始测验", form.group(2))
        self.assertContains(response, "共 3 题，60 分及格")
        self.assertContains(response, DONE_HIDDEN)

    def test_watching_and_passing_the_quiz_from_the_lesson_completes_it_and_leads_on(self):
        self.client.force_login(self.teacher)
        grid_before = self.client.get(reverse("portal:class", args=[self.world.class71.pk])).content.decode()
        self.client.force_login(self.student)
        watch(self.student, self.video, 60)

        attempt = self.start_quiz()
        result = self.submit(attempt, right_answers(attempt))

        self.assertContains(result, "回到本课")
        self.assertContains(result, f'href="{self.lesson.url}"')
        page = self.open_lesson()
        self.assertNotContains(page, DONE_HIDDEN)
        self.assertContains(page, "✓ 已完成")
        self.assertContains(page, ">✓ 已看完<")
        self.assertContains(page, "✓ 已通过")
        self.assertContains(page, f'<a class="button" href="{self.last.url}">下一课：课后复习</a>', html=True)
        self.assertNotContains(page, "开始测验")
        self.assertTrue(LessonProgress.objects.get(user=self.student, lesson=self.lesson).is_complete)
        self.client.force_login(self.teacher)
        grid_after = self.client.get(reverse("portal:class", args=[self.world.class71.pk])).content.decode()
        self.assertEqual(grid_after.count("state state--done"), grid_before.count("state state--done") + 1)

    def test_a_failed_quiz_leaves_the_lesson_open_with_another_try(self):
        self.client.force_login(self.student)
        watch(self.student, self.video, 60)

        attempt = self.start_quiz()
        self.submit(attempt, wrong_answers(attempt))

        page = self.open_lesson()
        self.assertContains(page, DONE_HIDDEN)
        self.assertContains(page, "再做一次测验")
        self.assertContains(page, "最好成绩 0 分")
        self.assertFalse(LessonProgress.objects.get(user=self.student, lesson=self.lesson).is_complete)

    def test_reopening_a_finished_last_lesson_shows_it_finished_and_leads_back_to_the_course(self):
        LessonProgress.objects.create(
            user=self.student, lesson=self.last, video_watched=True, quiz_passed=True, completed_at=timezone.now()
        )
        self.client.force_login(self.student)

        page = self.open_lesson(self.last)

        self.assertNotContains(page, DONE_HIDDEN)
        self.assertContains(page, "这是本课程的最后一课。")
        self.assertContains(page, f'<a class="button" href="{self.world.course7.url}">返回课程</a>', html=True)

    def test_the_result_of_a_quiz_no_lesson_uses_has_no_way_back_to_a_lesson(self):
        other = QuizPageFactory(
            parent=self.world.home, audience=QuizAudience.STUDENTS, ask_region=False, questions=[QuestionFactory()]
        )
        self.client.force_login(self.student)
        self.client.post(reverse("education:start", args=[other.pk]), {"lesson": self.lesson.pk})
        attempt = Attempt.objects.get(user=self.student, quiz=other)

        result = self.submit(attempt, right_answers(attempt))

        self.assertNotContains(result, "回到本课")
        self.assertNotIn(lessons.SESSION_LESSON_OF_QUIZ, self.client.session)

    def test_anonymous_readers_watch_and_are_asked_to_sign_in_for_the_quiz(self):
        page = self.open_lesson()

        self.assertContains(page, f'data-media-id="{self.video.pk}"')
        self.assertNotContains(page, "data-heartbeat-url")
        self.assertNotContains(page, reverse("education:start", args=[self.quiz.pk]))
        self.assertContains(page, "学生登录后可以做测验")
        self.assertContains(page, "?next=" + self.lesson.url.replace("/", "%2F"))

    def test_teachers_watch_without_a_quiz_form(self):
        self.client.force_login(self.teacher)

        page = self.open_lesson()

        self.assertContains(page, "data-heartbeat-url")
        self.assertNotContains(page, reverse("education:start", args=[self.quiz.pk]))
        self.assertContains(page, "课时和测验只为学生记录")

    def test_query_count_does_not_grow_with_the_lessons_of_the_course(self):
        watch(self.student, self.video, 30)
        self.client.force_login(self.student)
        self.open_lesson()
        with CaptureQueriesContext(connection) as few:
            self.open_lesson()

        for number in range(6):
            LessonPageFactory(parent=self.world.course7, title=f"加课{number}")
        with CaptureQueriesContext(connection) as many:
            response = self.open_lesson()

        self.assertContains(response, "下一课：课后复习")
        self.assertEqual(len(many), len(few), [query["sql"] for query in many])

    def test_a_lesson_video_needs_a_duration_for_its_viewing_to_count(self):
        self.lesson.video = MediaFactory(duration=0)

        with self.assertRaises(ValidationError) as refusal:
            self.lesson.clean()

        self.assertIn("video", refusal.exception.message_dict)

    def test_readers_who_chose_english_get_the_lesson_page_in_english(self):
        LessonProgress.objects.create(
            user=self.student, lesson=self.lesson, video_watched=True, quiz_passed=True, completed_at=timezone.now()
        )
        self.client.force_login(self.student)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

        page = self.open_lesson()

        self.assertContains(page, "Next lesson: 课后复习")
        self.assertContains(page, "To complete this lesson")
        for chinese in ("完成本课", "下一课", "：", "已观看", "课时"):
            self.assertNotContains(page, chinese)
