from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SubtitleLanguage(models.TextChoices):
    """Subtitle languages as BCP 47 tags for <track srclang>; Mandarin is shown by default."""

    MANDARIN = "zh-Hans", _("Mandarin (简体中文)")
    CANTONESE = "yue", _("Cantonese")
    HAKKA = "hak", _("Hakka")
    ENGLISH = "en", _("English")


class SubtitleTrackQuerySet(models.QuerySet):
    def for_player(self):
        """Mandarin first, so it is the track players fall back to."""
        return self.annotate(
            is_mandarin=models.Case(
                models.When(language=SubtitleLanguage.MANDARIN, then=0), default=1, output_field=models.IntegerField()
            )
        ).order_by("media_id", "is_mandarin", "language")


class SubtitleTrack(models.Model):
    """A WebVTT subtitle track in one language for a wagtailmedia item."""

    media = models.ForeignKey(
        "wagtailmedia.Media", verbose_name=_("media item"), on_delete=models.CASCADE, related_name="subtitle_tracks"
    )
    language = models.CharField(
        _("language"), max_length=10, choices=SubtitleLanguage.choices, default=SubtitleLanguage.MANDARIN
    )
    # The validated WebVTT text; small, and served by our own view as text/vtt.
    content = models.TextField(_("WebVTT content"), editable=False)
    cue_count = models.PositiveIntegerField(_("cues"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SubtitleTrackQuerySet.as_manager()

    class Meta:
        verbose_name = _("subtitle track")
        verbose_name_plural = _("subtitle tracks")
        constraints = [
            models.UniqueConstraint(fields=["media", "language"], name="media_subtitletrack_one_per_language")
        ]

    def __str__(self):
        return f"{self.media} · {self.get_language_display()}"

    @property
    def is_default(self):
        return self.language == SubtitleLanguage.MANDARIN

    @property
    def url(self):
        return reverse("media:subtitles", args=[self.pk, int(self.updated_at.timestamp())])
