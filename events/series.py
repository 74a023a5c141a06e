"""Planning a series of showings: "every Saturday in June at these five villages"."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Showing

MAX_SERIES = 200


class SeriesMode(models.TextChoices):
    ROTATE = "rotate", _("Tour: one place per date, in turn")
    EVERY_PLACE = "every", _("Every place on every date")


def series_dates(first, last, weekdays):
    """Dates from first to last inclusive falling on `weekdays` (0 = Monday; empty = every day)."""
    days = (last - first).days + 1
    dates = [first + datetime.timedelta(days=offset) for offset in range(max(days, 0))]
    return [date for date in dates if not weekdays or date.weekday() in weekdays]


def plan_series(dates, regions, mode, start_time, end_time, venue, address=""):
    """Unsaved showings for the series, in date order."""
    regions = list(regions)
    tz = timezone.get_default_timezone()
    showings = []
    for number, date in enumerate(dates):
        places = regions if mode == SeriesMode.EVERY_PLACE else [regions[number % len(regions)]]
        for region in places:
            showings.append(
                Showing(
                    start=timezone.make_aware(datetime.datetime.combine(date, start_time), tz),
                    end=timezone.make_aware(datetime.datetime.combine(date, end_time), tz),
                    region=region,
                    venue=venue.replace("{place}", region.name),
                    address=address,
                )
            )
    return showings


def add_series(event_page, showings, user, publish):
    """Add the showings to the event's latest draft (keeping other unpublished edits); publish if asked."""
    page = event_page.get_latest_revision_as_object()
    for showing in showings:
        page.showings.add(showing)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return revision
