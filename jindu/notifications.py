"""Telling people things: the inbox every signed-in person has, and e-mail when the site can send it.

`notify()` stores one message per recipient at once; e-mail follows after the surrounding transaction commits,
through a task, so a slow or broken mail server never fails the request that caused the message.
"""

import functools
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from jindu.models import Notification, NotificationKind
from jindu.public_address import absolute_url

logger = logging.getLogger(__name__)

# The size of one INSERT when a message goes to a whole stage of students.
BATCH_SIZE = 1000
_REQUEST_ATTR = "_jindu_unread_count"


def _recipient_ids(recipient):
    """User ids from a user, a user id, or an iterable of either, in order and without repeats."""
    if recipient is None:
        return []
    if isinstance(recipient, int | get_user_model()) or not isinstance(recipient, Iterable):
        recipient = [recipient]
    ids = (item if isinstance(item, int) else getattr(item, "pk", None) for item in recipient)
    return list(dict.fromkeys(pk for pk in ids if pk is not None))


def _safe_url(url):
    """Only a path of this site or an http(s) address may become a link in the inbox."""
    url = str(url or "").strip()
    if url.startswith("/") and not url.startswith("//"):
        return url
    if url.startswith(("https://", "http://")):
        return url
    return ""


def notify(recipient, kind, title, body="", url="", topic=""):
    """Store a message for a user (or user id, or an iterable of either); e-mail it too when enabled for its kind.

    With a `topic`, a person already told about it is not told again. Returns the messages stored.
    """
    ids = _recipient_ids(recipient)
    if topic and ids:
        told = set(
            Notification.objects.filter(topic=topic, recipient_id__in=ids).values_list("recipient_id", flat=True)
        )
        ids = [pk for pk in ids if pk not in told]
    if not ids:
        return []
    fields = {"kind": kind, "title": str(title)[:200], "body": str(body), "url": _safe_url(url), "topic": topic}
    messages = Notification.objects.bulk_create(
        [Notification(recipient_id=pk, **fields) for pk in ids], batch_size=BATCH_SIZE
    )
    if email_enabled(kind):
        addresses = sorted(
            set(
                get_user_model()
                .objects.filter(pk__in=ids, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            )
        )
        if addresses:
            transaction.on_commit(
                lambda: send_notification_email.enqueue(addresses, fields["title"], fields["body"], fields["url"]),
                robust=True,
            )
    return messages


def email_enabled(kind):
    """E-mail goes out only when a mail server is configured and the kind's setting allows it."""
    return bool(getattr(settings, "EMAIL_HOST", "")) and bool(getattr(settings, "JINDU_NOTIFY_EMAIL", {}).get(kind))


@task()
def send_notification_email(addresses, title, body, url):
    """One e-mail per recipient (nobody sees the others' addresses); a failure is logged, never raised."""
    with translation.override(settings.LANGUAGE_CODE):
        lines = [body] if body else []
        if url:
            lines.append(_("Open: %(url)s") % {"url": absolute_url(url)})
        lines.append(_("This message is also in your inbox on the site."))
        text = "\n\n".join(lines)
    sent = 0
    for address in addresses:
        try:
            sent += send_mail(title, text, None, [address])
        except Exception:
            logger.exception("Could not e-mail a notification to %s", address)
    return sent


def unread_count(request):
    """The signed-in person's unread messages, counted once per request (header and admin menu share it)."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return 0
    count = getattr(request, _REQUEST_ATTR, None)
    if count is None:
        count = Notification.objects.for_user(user).unread().count()
        setattr(request, _REQUEST_ATTR, count)
    return count


def in_chinese(function):
    """Messages are stored in the site's language, whatever language the person who caused them reads."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


@in_chinese
def notify_job_finished(job):
    """Tell a job's owner it is done or has failed; `job` has owner, title, status, error, get_absolute_url()."""
    failed = str(getattr(job, "status", "")).lower() in {"failed", "error"}
    if failed:
        kind = NotificationKind.JOB_FAILED
        title = _("Failed: %(title)s") % {"title": job.title}
        body = getattr(job, "error", "") or _("The job did not finish. Open it to see why, then try again.")
    else:
        kind = NotificationKind.JOB_FINISHED
        title = _("Ready: %(title)s") % {"title": job.title}
        body = _("The job has finished.")
    return notify(job.owner, kind, title, body=body, url=job.get_absolute_url())
