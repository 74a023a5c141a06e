"""Smaller copies of an uploaded video made by the task worker, so a phone on thin mobile data can play it."""

from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VideoTranscode(models.Model):
    """Where the worker is with one video's renditions; kept apart so its progress writes leave page caches alone."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to transcode")
        RUNNING = "running", _("Transcoding")
        DONE = "done", pgettext_lazy("transcoding", "Done")
        FAILED = "failed", _("Failed")

    media = models.OneToOneField(
        "wagtailmedia.Media", verbose_name=_("media item"), on_delete=models.CASCADE, related_name="transcode"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField(_("progress"), default=0)
    # The original file this work was for (name and size): a save that keeps the file does not start it again.
    source = models.CharField(max_length=300, blank=True)
    folder = models.CharField(max_length=200, blank=True)
    hls_master = models.CharField(_("HLS playlist"), max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    seconds = models.FloatField(_("transcoding time (s)"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("video transcoding")
        verbose_name_plural = _("video transcoding")

    def __str__(self):
        return str(self.media)

    @property
    def hls_url(self):
        return default_storage.url(self.hls_master) if self.hls_master else ""

    def status_text(self):
        if self.status == self.Status.RUNNING:
            return _("Transcoding %(percent)s%%") % {"percent": self.percent}
        return self.get_status_display()


class VideoRenditionQuerySet(models.QuerySet):
    def for_player(self):
        return self.order_by("media_id", "height")


class VideoRendition(models.Model):
    """One H.264/AAC MP4 of a video at one height; its HLS segments sit beside it in the video's folder."""

    media = models.ForeignKey(
        "wagtailmedia.Media", verbose_name=_("media item"), on_delete=models.CASCADE, related_name="renditions"
    )
    label = models.CharField(_("quality label"), max_length=20)
    height = models.PositiveIntegerField(_("height"))
    width = models.PositiveIntegerField(_("width"))
    bitrate = models.PositiveIntegerField(_("bitrate (bits/s)"))
    file = models.FileField(_("file"), max_length=300)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    playlist = models.CharField(max_length=300, blank=True)

    objects = VideoRenditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("video rendition")
        verbose_name_plural = _("video renditions")
        constraints = [models.UniqueConstraint(fields=["media", "height"], name="media_videorendition_one_per_height")]

    def __str__(self):
        return f"{self.media} · {self.label}"

    @property
    def url(self):
        return self.file.url

    @property
    def quality(self):
        """流畅 / 标清 / 高清 by height, the words Chinese video sites use."""
        short_side = min(self.width, self.height)
        if short_side >= 720:
            return _("HD")
        if short_side >= 360:
            return _("SD")
        return _("Smooth")
