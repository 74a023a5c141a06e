"""Students hear of a contest for their stage when it is published and open, once, however often it is published."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import default_task_backend

from education.factories import QuizPageFactory
from education.models import QuizAudience
from education.notices import announce_contest
from jindu.factories import RegionFactory
from jindu.models import Notification, NotificationKind
from schools.factories import SchoolClassFactory, SchoolFactory, StudentFactory
from schools.models import Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def students(db):
    """Two junior middle school students, one primary school student and a junior one whose account is closed."""
    town = RegionFactory(code="450312104", name="五通镇")
    junior = SchoolClassFactory(school=SchoolFactory(code="J1", region=town, stage=Stage.JUNIOR), grade=7)
    primary = SchoolClassFactory(school=SchoolFactory(code="P1", region=town, stage=Stage.PRIMARY), grade=5)
    closed = StudentFactory(school_class=junior, number="799")
    closed.user.is_active = False
    closed.user.save()
    return {
        "junior": [StudentFactory(school_class=junior, number=n).user for n in ("701", "702")],
        "primary": [StudentFactory(school_class=primary, number="501").user],
    }


def draft_contest(site_tree, **fields):
    home, _index = site_tree
    fields = {"is_contest": True, "audience": QuizAudience.STUDENTS, "stage": Stage.JUNIOR, **fields}
    contest = QuizPageFactory(parent=home, title="初中禁毒知识竞赛", live=False, **fields)
    return contest


def publish(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def told(kind=NotificationKind.CONTEST_OPEN):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_publishing_an_open_contest_tells_the_students_of_its_stage(
    site_tree, students, django_capture_on_commit_callbacks
):
    closes = timezone.now() + datetime.timedelta(days=7)
    contest = draft_contest(site_tree, closes_at=closes)
    publish(contest, django_capture_on_commit_callbacks)

    assert told() == sorted(user.pk for user in students["junior"])
    message = Notification.objects.filter(kind=NotificationKind.CONTEST_OPEN).first()
    assert message.title == "新竞赛：初中禁毒知识竞赛"
    assert message.body.startswith("现已开放") and "截止时间：" in message.body
    assert message.url == contest.url


def test_publishing_again_tells_nobody_twice(site_tree, students, django_capture_on_commit_callbacks):
    contest = draft_contest(site_tree)
    publish(contest, django_capture_on_commit_callbacks)
    contest.title = "初中禁毒知识竞赛（更正）"
    publish(contest, django_capture_on_commit_callbacks)
    assert len(told()) == 2
    latecomer = StudentFactory(school_class=students["junior"][0].student.school_class, number="703").user
    publish(contest, django_capture_on_commit_callbacks)
    assert told() == sorted([*(user.pk for user in students["junior"]), latecomer.pk]), "only the new student"


def test_a_contest_for_every_stage_tells_every_student(site_tree, students, django_capture_on_commit_callbacks):
    publish(draft_contest(site_tree, stage=""), django_capture_on_commit_callbacks)
    assert told() == sorted(user.pk for user in [*students["junior"], *students["primary"]])


def test_closed_contests_and_public_quizzes_tell_nobody(site_tree, students, django_capture_on_commit_callbacks):
    past = timezone.now() - datetime.timedelta(days=1)
    publish(draft_contest(site_tree, closes_at=past), django_capture_on_commit_callbacks)
    home, _index = site_tree
    quiz = QuizPageFactory(parent=home, title="禁毒知识测验", live=False)
    publish(quiz, django_capture_on_commit_callbacks)
    assert told() == []


def test_a_contest_that_opens_later_says_when_if_the_backend_cannot_wait(
    site_tree, students, django_capture_on_commit_callbacks
):
    opens = timezone.now() + datetime.timedelta(days=2)
    publish(draft_contest(site_tree, opens_at=opens), django_capture_on_commit_callbacks)
    message = Notification.objects.filter(kind=NotificationKind.CONTEST_OPEN).first()
    assert message.body.startswith("开放时间：")
    assert len(told()) == 2


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_a_contest_that_opens_later_is_announced_when_it_opens_by_a_waiting_backend(
    site_tree, students, django_capture_on_commit_callbacks
):
    default_task_backend.clear()
    opens = timezone.now() + datetime.timedelta(days=2)
    contest = draft_contest(site_tree, opens_at=opens)
    publish(contest, django_capture_on_commit_callbacks)

    # Wagtail queues its own index updates beside ours.
    (queued,) = [r for r in default_task_backend.results if r.task.module_path == announce_contest.module_path]
    assert queued.task.run_after == opens and queued.args == [contest.pk]
    assert told() == [], "nobody is told before the worker runs it"
