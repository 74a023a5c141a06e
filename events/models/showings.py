import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable

from jindu.models import Region
from jindu.models.regions import RegionLevel


class ShowingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


# A change to any of these is news to someone who saved the showing in a calendar.
CALENDAR_FIELDS = ("start", "end", "status", "region_id", "venue", "address", "latitude", "longitude", "note")


def town_of(region):
    """The town (乡镇/街道) a region lies in, or None above town level."""
    if region is None or region.level < RegionLevel.TOWN:
        return None
    if region.level == RegionLevel.TOWN:
        return region
    return region.get_ancestors().filter(level=RegionLevel.TOWN).last()


class ShowingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Showings not yet over, soonest first; cancelled ones stay so that people learn of it."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def in_month(self, year, month):
        """Showings starting in a calendar month of the site's time zone (Asia/Shanghai)."""
        return self.filter(start__gte=month_start(year, month), start__lt=month_start(*next_month(year, month)))

    def next_change(self, now=None):
        """When a schedule of these showings changes by itself: the next one ends, or a new day begins."""
        now = now or timezone.now()
        next_end = self.filter(end__gte=now).aggregate(next_end=models.Min("end"))["next_end"]
        tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
        midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
        return min(next_end, midnight) if next_end else midnight

    def for_listing(self):
        # Events come in a query of their own: joining the page tables here costs PostgreSQL more to plan
        # than a second query costs to run.
        return self.select_related("region", "town").prefetch_related("event", "event__dialects", "event__art_forms")

    def for_schedule(self):
        """As `for_listing`, without the events' art forms and dialects (the schedule keeps their names)."""
        return self.select_related("region", "town").prefetch_related("event")


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def month_start(year, month):
    return timezone.make_aware(timezone.datetime(year, month, 1), timezone.get_default_timezone())


class Showing(Orderable):
    """One performance of an event at one place and time."""

    event = ParentalKey("events.EventPage", related_name="showings", on_delete=models.CASCADE)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    region = models.ForeignKey(
        Region,
        verbose_name=_("village or town"),
        on_delete=models.PROTECT,
        related_name="showings",
        limit_choices_to={"level__gte": RegionLevel.TOWN},
        help_text=_("The village or community (or the town) where the show takes place."),
    )
    town = models.ForeignKey(Region, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+")
    venue = models.CharField(_("venue"), max_length=100, help_text=_("e.g. 昌城村文化广场"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Optional. Coordinates as Amap (高德地图) shows them, e.g. 19.334512."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Optional, e.g. 108.684203."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ShowingStatus.choices, default=ShowingStatus.SCHEDULED
    )
    postponed_from = models.DateTimeField(
        _("originally planned start"),
        null=True,
        blank=True,
        help_text=_(
            "For a postponed showing: when it was first announced. Filled in for you when you change the time."
        ),
    )
    note = models.CharField(
        _("note to the public"),
        max_length=200,
        blank=True,
        help_text=_("Why it was postponed or cancelled, or a practical hint (e.g. 雨天改在村委会礼堂)."),
    )
    sequence = models.PositiveIntegerField(_("revision number"), default=0, editable=False)
    changed_at = models.DateTimeField(_("last changed"), default=timezone.now, editable=False)

    objects = ShowingQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("region"),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("address")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("postponed_from"), FieldPanel("note")], heading=_("Status")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("showing")
        verbose_name_plural = _("showings")
        indexes = [models.Index(fields=["start"]), models.Index(fields=["end"]), models.Index(fields=["town", "start"])]

    def __str__(self):
        return f"{timezone.localtime(self.start):%Y-%m-%d %H:%M} {self.venue}"

    @property
    def is_cancelled(self):
        return self.status == ShowingStatus.CANCELLED

    @property
    def is_postponed(self):
        return self.status == ShowingStatus.POSTPONED

    @property
    def local_date(self):
        return timezone.localtime(self.start).date()

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def place(self):
        """Town, village and venue, e.g. 昌化镇 昌城村 文化广场."""
        names = [self.town.name] if self.town_id and self.town_id != self.region_id else []
        return " ".join([*names, self.region.name, self.venue])

    @property
    def ics_url(self):
        return reverse("events_showing_ics", args=[self.pk]) if self.pk else ""

    @property
    def map_url(self):
        if self.latitude is None or self.longitude is None:
            return ""
        return f"https://uri.amap.com/marker?position={self.longitude},{self.latitude}&name={self.venue}"

    def previous_start(self):
        if not self.pk:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("start", flat=True).first()

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if self.status == ShowingStatus.POSTPONED:
            if not self.postponed_from:
                before = self.previous_start()
                if before and before != self.start:
                    self.postponed_from = before
                else:
                    errors["postponed_from"] = _("Give the new time in 'starts' and the originally planned time here.")
            if not self.note.strip():
                errors["note"] = _("Tell the public why the showing was postponed.")
        elif self.status == ShowingStatus.SCHEDULED:
            self.postponed_from = None
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.town = town_of(self.region)
        before = type(self).objects.filter(pk=self.pk).first() if self.pk else None
        if before is not None:
            if self.status == ShowingStatus.POSTPONED and not self.postponed_from and before.start != self.start:
                self.postponed_from = before.start
            changed = any(getattr(before, name) != getattr(self, name) for name in CALENDAR_FIELDS)
            self.sequence = max(self.sequence, before.sequence) + (1 if changed else 0)
            self.changed_at = timezone.now() if changed else before.changed_at
        super().save(*args, **kwargs)
