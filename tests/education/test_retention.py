"""apply_retention deletes only what is past its retention time."""

import datetime

import pytest
from axes.models import AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from education import grading
from education.models import Attempt, Result
from education.retention import apply_retention
from schools.models import PortalAccess
from tests.education.helpers import right_answers

pytestmark = pytest.mark.django_db


def test_apply_retention_deletes_old_log_rows_and_anonymous_attempts_only(quiz, student, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    now = timezone.now()
    old_log = PortalAccess.objects.create(action="view", what="class report", rows=3)
    new_log = PortalAccess.objects.create(action="view", what="class report", rows=3)
    PortalAccess.objects.filter(pk=old_log.pk).update(at=now - datetime.timedelta(days=181))
    PortalAccess.objects.filter(pk=new_log.pk).update(at=now - datetime.timedelta(days=179))

    year_and_a_day = now - datetime.timedelta(days=366)
    old_anonymous = grading.start_attempt(quiz, now=year_and_a_day)
    grading.submit(old_anonymous, right_answers(old_anonymous), now=year_and_a_day)
    recent_anonymous = grading.start_attempt(quiz, now=now - datetime.timedelta(days=300))
    old_student = grading.start_attempt(quiz, user=student, now=year_and_a_day)

    expired, live = SessionStore(), SessionStore()
    expired.set_expiry(1), live.set_expiry(3600)
    expired.create(), live.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=now - datetime.timedelta(seconds=1))

    old_sign_in = AccessLog.objects.create(username="s-s1-701", ip_address="192.0.2.1")
    new_sign_in = AccessLog.objects.create(username="s-s1-702", ip_address="192.0.2.2")
    AccessLog.objects.filter(pk=old_sign_in.pk).update(attempt_time=now - datetime.timedelta(days=181))

    call_command("apply_retention")

    assert list(AccessLog.objects.all()) == [new_sign_in]

    assert list(PortalAccess.objects.all()) == [new_log]
    assert set(Attempt.objects.all()) == {recent_anonymous, old_student}
    assert not Result.objects.filter(attempt_id=old_anonymous.pk).exists()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_apply_retention_deletes_old_read_notifications_but_keeps_unread_and_recent(settings):
    from jindu.factories import UserFactory
    from jindu.models import Notification

    settings.JINDU_NOTIFICATION_DAYS = 180
    now = timezone.now()
    officer = UserFactory()

    def message(title, age_days, read):
        created = now - datetime.timedelta(days=age_days)
        return Notification.objects.create(
            recipient=officer, kind="job_finished", title=title, created=created, read_at=created if read else None
        )

    message("old read", 181, read=True)
    old_unread = message("old unread", 400, read=False)
    recent_read = message("recent read", 179, read=True)

    assert apply_retention(now=now)["read notifications"] == 1

    assert set(Notification.objects.all()) == {old_unread, recent_read}
