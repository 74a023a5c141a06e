"""Pages students and teachers use read few tables, however many lessons, questions or students (issue 18, item 2).

Signed-in readers never get a page kept whole; the page cache (on, as in production) still gives
them the site frame and the kept fragments.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from education import grading
from education.factories import LessonPageFactory, QuestionFactory, QuizPageFactory
from education.models import LessonProgress, QuizQuestion
from schools.factories import StudentFactory, make_teacher


def add_lessons(world, start, count):
    for number in range(start, start + count):
        lesson = LessonPageFactory(parent=world.course7, class_hours=Decimal("1.0"), title=f"禁毒第{number}课")
        if number % 2:
            LessonProgress.objects.create(user=world.a.user, lesson=lesson, video_watched=True)


def add_students(world, start, count):
    for number in range(start, start + count):
        StudentFactory(school_class=world.class71, number=f"9{number:03d}", name=f"学生{number}", registered=True)


def add_questions(quiz, start, count):
    for number in range(start, start + count):
        QuizQuestion.objects.create(quiz=quiz, question=QuestionFactory(), sort_order=number)


def queries_for(client, url):
    client.get(url)  # the first reader keeps the frame and the fragments
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)


@pytest.mark.django_db
def test_student_and_teacher_pages_take_as_many_queries_at_10_and_100_items(page_cache, world):
    quiz = QuizPageFactory(parent=world.home, title="禁毒知识测验")
    add_lessons(world, 0, 10)
    add_students(world, 0, 10)
    add_questions(quiz, 0, 10)
    student, teacher = Client(), Client()
    student.force_login(world.a.user)
    teacher.force_login(make_teacher(world.class71))

    def counts():
        paper = reverse("education:attempt", args=[grading.start_attempt(quiz, user=world.a.user).token])
        return {
            "my courses": queries_for(student, reverse("portal:my_courses")),
            "lesson": queries_for(student, world.l1.url),
            "quiz paper": queries_for(student, paper),
            "class": queries_for(teacher, reverse("portal:class", args=[world.class71.pk])),
        }

    with_10 = counts()
    add_lessons(world, 10, 90)
    add_students(world, 10, 90)
    add_questions(quiz, 10, 90)
    with_100 = counts()

    assert with_100 == with_10, (with_10, with_100)
    most = {
        "my courses": 6,
        "lesson": 12,
        "quiz paper": 6,
        "class": 8,
    }  # the session, the user and the reader's own rows
    assert all(with_10[page] <= most[page] for page in most), with_10


@pytest.fixture
def signed_in_student(page_cache, world):
    """The fixture world, and a client signed in as its student 安小安 (class 7-1)."""
    client = Client()
    client.force_login(world.a.user)
    return world, client


@pytest.mark.django_db
def test_a_lesson_kept_for_its_readers_shows_a_course_renamed_at_once(signed_in_student):
    world, student = signed_in_student
    assert "七年级禁毒课" in student.get(world.l1.url).text

    world.course7.title = "七年级禁毒必修课"
    world.course7.save_revision().publish()

    assert "七年级禁毒必修课" in student.get(world.l1.url).text


@pytest.mark.django_db
def test_my_courses_shows_a_lesson_published_at_once(signed_in_student):
    world, student = signed_in_student
    assert "远离新型毒品" not in student.get(reverse("portal:my_courses")).text

    LessonPageFactory(parent=world.course7, class_hours=Decimal("1.0"), title="远离新型毒品")

    assert "远离新型毒品" in student.get(reverse("portal:my_courses")).text
