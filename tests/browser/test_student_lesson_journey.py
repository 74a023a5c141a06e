"""A student does a lesson on a phone, from the sign-in page to 已完成; then the teacher sees it in the class grid."""

import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect
from wagtail.models import Collection

from education.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    QuestionFactory,
    QuizPageFactory,
)
from education.models import Attempt, QuizAudience
from jindu.factories import RegionFactory
from media.clips import make_clip, make_poster
from media.demo import make_vtt
from media.factories import MediaFactory, SubtitleTrackFactory
from schools.factories import SchoolClassFactory, SchoolFactory, StudentFactory, make_teacher
from tests.browser.conftest import PHONE, new_phone, shot, staff_sign_in
from tests.conftest import make_site_tree
from tests.education.helpers import right_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIP_SECONDS = 4  # played in real time: the server credits only watching that really happened
ONE_TIME_PASSWORD = "first-pass-1234"
NEW_PASSWORD = "jindu-xuexi-2025"
TEACHER_PASSWORD = "teacher-pass-2025"


@pytest.fixture
def school_world():
    """A grade-7 class, one student with a one-time password, a course of two lessons (the first with a real
    clip, subtitles, poster and a quiz) and the class teacher."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    home, _index = make_site_tree()
    courses = CourseIndexPageFactory(parent=home, slug="courses")
    course = CoursePageFactory(parent=courses, title="七年级禁毒课", grade=7)
    video = MediaFactory(
        title="认识毒品（短片）",
        duration=CLIP_SECONDS,
        file=ContentFile(make_clip("journey", CLIP_SECONDS), name="journey.mp4"),
        thumbnail=ContentFile(make_poster("journey"), name="journey.jpg"),
    )
    SubtitleTrackFactory(media=video, content=make_vtt(["毒品会让人上瘾。", "珍爱生命，远离毒品。"], CLIP_SECONDS))
    quiz = QuizPageFactory(
        parent=home,
        title="《认识毒品》课后测验",
        audience=QuizAudience.STUDENTS,
        ask_region=False,
        pass_mark=60,
        questions=[QuestionFactory() for _ in range(3)],
    )
    first = LessonPageFactory(parent=course, title="认识毒品", video=video, quiz=quiz)
    second = LessonPageFactory(parent=course, title="学会拒绝")
    school = SchoolFactory(code="LG2025", name="临桂示范中学", region=RegionFactory(name="临桂区"))
    school_class = SchoolClassFactory(school=school, grade=7, name="1班")
    student = StudentFactory(school_class=school_class, number="70101", name="王小明")
    teacher = make_teacher(school_class, username="wang.laoshi")
    teacher.set_password(TEACHER_PASSWORD)
    teacher.save()
    return {"student": student, "first": first, "second": second, "quiz": quiz}


def test_student_watches_passes_the_quiz_and_completes_a_lesson_then_the_teacher_sees_it(
    live_server, phone, chromium_browser, school_world
):
    student = school_world["student"]

    # Sign in with school code and student number, then replace the one-time password.
    phone.goto(live_server.url + "/sign-in/")
    phone.get_by_label("学校代码").fill("lg2025")
    phone.get_by_label("学号").fill("70101")
    phone.get_by_label("密码", exact=True).fill(ONE_TIME_PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    phone.get_by_label("再输入一次新密码").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="保存密码").click()

    # 我的课程 leads to the first lesson.
    expect(phone.get_by_role("heading", name="我的课程")).to_be_visible()
    phone.get_by_role("link", name=re.compile("认识毒品")).click()
    expect(phone.get_by_role("heading", name="认识毒品", exact=True)).to_be_visible()

    video = phone.locator("video.media-player__element")
    expect(video).to_have_attribute("playsinline", "")
    expect(video).to_have_attribute("poster", re.compile(r"journey.*\.jpg$"))
    phone.wait_for_function(
        "() => { const t = document.querySelector('video').textTracks[0]; return t && t.mode === 'showing'; }"
    )
    assert video.bounding_box()["width"] <= PHONE["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(phone.get_by_text("至少观看 90%")).to_be_visible()
    expect(phone.locator("[data-lesson-done]")).to_be_hidden()
    shot(phone, "01-lesson")

    # Play the clip through in real time; the credited heartbeats tick the step.
    video.click()
    expect(phone.get_by_text("✓ 已看完")).to_be_visible(timeout=(CLIP_SECONDS + 10) * 1000)
    expect(phone.locator("[data-progress]")).to_have_text("已完整观看")
    expect(phone.locator("[data-lesson-done]")).to_be_hidden()  # the quiz is still to pass
    shot(phone, "02-watched")

    # The lesson's quiz, started from the lesson page and graded on the server.
    phone.get_by_role("button", name="开始测验").click()
    attempt = Attempt.objects.get(user=student.user, quiz=school_world["quiz"])
    answers = right_answers(attempt)
    for number, (name, letters) in enumerate(answers.items(), start=1):
        question = phone.locator(f"#question-{number}")
        expect(question).to_be_visible()
        for letter in letters:
            option = phone.locator(f'input[name="{name}"][value="{letter}"]')
            question.locator("label.quiz-option").filter(has=option).click()
        if number < len(answers):
            phone.get_by_role("button", name="下一题").click()
    phone.get_by_role("button", name="交卷").click()
    expect(phone.get_by_text("及格", exact=True)).to_be_visible()
    shot(phone, "03-result")

    # Back on the lesson: completed, with the next lesson one tap away.
    phone.get_by_role("link", name=re.compile("回到本课")).click()
    done = phone.locator("[data-lesson-done]")
    expect(done).to_be_visible()
    expect(done.get_by_role("heading", name="✓ 已完成")).to_be_visible()
    expect(phone.get_by_text("✓ 已通过")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "04-completed")
    done.get_by_role("link", name="下一课：学会拒绝").click()
    expect(phone.get_by_role("heading", name="学会拒绝", exact=True)).to_be_visible()

    # The teacher, on their own phone, signs in and finds the lesson ticked in the class grid.
    teacher = new_phone(chromium_browser)
    staff_sign_in(teacher, live_server.url, "wang.laoshi", TEACHER_PASSWORD)
    row = teacher.locator("table.progress-grid tr").filter(has_text="王小明")
    expect(row.locator("td").nth(0)).to_have_class(re.compile("state--done"))
    expect(row.locator("td").nth(1)).to_have_class(re.compile("state--none"))
    expect(row.locator("td").nth(2)).to_have_text("1/2")
    shot(teacher, "05-teacher-grid")
    teacher.context.close()
