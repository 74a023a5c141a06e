from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WatchProgress(models.Model):
    """How much of one media item one user has really watched; media/tracking.py keeps it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="watch_progress"
    )
    media = models.ForeignKey(
        "wagtailmedia.Media", verbose_name=_("media item"), on_delete=models.CASCADE, related_name="watch_progress"
    )
    credited_seconds = models.FloatField(_("seconds credited"), default=0)
    furthest_position = models.FloatField(_("furthest credited position"), default=0)
    # Merged [start, end] stretches of the media credited so far.
    segments = models.JSONField(default=list)
    last_position = models.FloatField(default=0)
    last_heartbeat_at = models.DateTimeField(null=True)
    spare_seconds = models.FloatField(default=0)
    watched = models.BooleanField(_("watched"), default=False)
    watched_at = models.DateTimeField(_("watched at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("watch progress")
        verbose_name_plural = _("watch progress")
        constraints = [models.UniqueConstraint(fields=["user", "media"], name="media_watchprogress_one_per_user_item")]

    def __str__(self):
        return f"{self.user} · {self.media_id} · {self.credited_seconds:.0f}s"

    @property
    def percent(self):
        duration = self.media.duration
        return min(100, round(100 * self.credited_seconds / duration)) if duration else 0
