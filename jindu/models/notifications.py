from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NotificationKind(models.TextChoices):
    REPORT_SENT_BACK = "report_sent_back", _("Report sent back")
    REPORT_APPROVED = "report_approved", _("Report approved")
    REPORT_SUBMITTED = "report_submitted", _("Report submitted")
    CONTEST_OPEN = "contest_open", _("Contest open")
    JOB_FINISHED = "job_finished", _("Job finished")
    JOB_FAILED = "job_failed", _("Job failed")
    TIP_OFF = "tip_off", _("Tip-off received")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The messages of one person; nobody reads another's inbox."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message in a person's inbox: a report sent back, a contest opened, a job done."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(pgettext_lazy("notification", "kind"), max_length=30, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # What the message is about (e.g. "quiz:12"): a person is told of one thing once.
    topic = models.CharField(max_length=100, blank=True, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created"], name="jindu_notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="jindu_notification_unread"),
            models.Index(fields=["topic", "recipient"], condition=~Q(topic=""), name="jindu_notification_topic"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None
