"""Planned against held: the showings scheduled for a period and region beside the reports that record them."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Showing, ShowingStatus

from .access import visible_reports


class Outcome(models.TextChoices):
    REPORTED = "reported", _("Held, with a report")
    UNREPORTED = "unreported", _("Held, no report yet")
    UPCOMING = "upcoming", _("Not held yet")
    POSTPONED = "postponed", _("Postponed out of the period")
    CANCELLED = "cancelled", _("Cancelled")


@dataclass
class PlannedShowing:
    showing: Showing
    outcome: str
    reports: list = field(default_factory=list)

    @property
    def outcome_label(self):
        return Outcome(self.outcome).label

    def total(self, name):
        return sum(getattr(report, name) for report in self.reports)

    @property
    def sessions(self):
        return self.total("sessions")

    @property
    def people_reached(self):
        return self.total("people_reached")

    @property
    def households_visited(self):
        return self.total("households_visited")


@dataclass
class PlanSummary:
    rows: list
    counts: list
    sessions: int
    people_reached: int

    @property
    def planned(self):
        return len(self.rows)


def _bounds(period):
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min), zone)
    end = timezone.make_aware(
        datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min), zone
    )
    return start, end


def showings_planned(region, period):
    """Published showings in the region planned for the period: starting in it, or first announced for it."""
    start, end = _bounds(period)
    return (
        Showing.objects.filter(region__path__startswith=region.path, event__live=True)
        .filter(Q(start__gte=start, start__lt=end) | Q(postponed_from__gte=start, postponed_from__lt=end))
        .select_related("event", "region", "town")
        .order_by("start", "pk")
    )


def outcome_of(showing, reports, period_end, now):
    if showing.status == ShowingStatus.CANCELLED:
        return Outcome.CANCELLED
    if reports:
        return Outcome.REPORTED
    if showing.status == ShowingStatus.POSTPONED and showing.start >= period_end:
        return Outcome.POSTPONED
    if showing.start > now:
        return Outcome.UPCOMING
    return Outcome.UNREPORTED


def planned_vs_held(user, region, period, now=None):
    """Every planned showing with its outcome and the reports the user may see that record it."""
    now = now or timezone.now()
    showings = list(showings_planned(region, period))
    by_showing = {}
    reports = (
        visible_reports(user)
        .filter(showing__in=[showing.pk for showing in showings])
        .select_related("region", "activity_type")
        .order_by("date", "pk")
    )
    for report in reports:
        by_showing.setdefault(report.showing_id, []).append(report)
    _start, end = _bounds(period)
    rows = []
    for showing in showings:
        found = by_showing.get(showing.pk, [])
        rows.append(PlannedShowing(showing, outcome_of(showing, found, end, now), found))
    counts = Counter(row.outcome for row in rows)
    reported = [row for row in rows if row.outcome == Outcome.REPORTED]
    return PlanSummary(
        rows=rows,
        counts=[(value, label, counts.get(value, 0)) for value, label in Outcome.choices],
        sessions=sum(row.sessions for row in reported),
        people_reached=sum(row.people_reached for row in reported),
    )


def latest_planned_month(region, today):
    """(year, month) of the latest showing in the region that has started by today, or today's month."""
    latest = (
        Showing.objects.filter(region__path__startswith=region.path, event__live=True, start__date__lte=today)
        .order_by("-start")
        .values_list("start", flat=True)
        .first()
    )
    day = timezone.localtime(latest).date() if latest else today
    return day.year, day.month
