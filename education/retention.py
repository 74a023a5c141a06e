"""Retention: how long the access log, anonymous quiz attempts and read notifications are kept (settings), applied by one function."""

import datetime
from importlib import import_module

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.utils import timezone

from education.models import Attempt
from jindu.models import Notification
from schools.models import PortalAccess


def apply_retention(now=None):
    """Delete access-log and sign-in-log rows, anonymous attempts (with their results) and read notifications past
    their time; clear expired sessions.

    Returns {what: rows deleted}. Signed-in students' attempts stay: graduation removes them with the student.
    """
    now = now or timezone.now()
    log_cutoff = now - datetime.timedelta(days=settings.EDUCATION_ACCESS_LOG_RETENTION_DAYS)
    notification_cutoff = now - datetime.timedelta(days=settings.JINDU_NOTIFICATION_DAYS)
    attempt_cutoff = now - datetime.timedelta(days=settings.EDUCATION_ANONYMOUS_ATTEMPT_RETENTION_DAYS)
    deleted = {
        "access log": PortalAccess.objects.filter(at__lt=log_cutoff).delete()[0],
        "anonymous attempts": Attempt.objects.filter(user__isnull=True, started_at__lt=attempt_cutoff).delete()[0],
        # django-axes' record of sign-ins and failed tries (usernames and client addresses) ages out the same way.
        "sign-in log": AccessLog.objects.filter(attempt_time__lt=log_cutoff).delete()[0]
        + AccessAttempt.objects.filter(attempt_time__lt=log_cutoff).delete()[0],
        # Unread messages stay however old they are: nobody has seen them yet.
        "read notifications": Notification.objects.filter(
            read_at__isnull=False, created__lt=notification_cutoff
        ).delete()[0],
    }
    # What `manage.py clearsessions` does, for whichever session engine is configured.
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return deleted
