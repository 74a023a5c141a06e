"""The month calendar: weeks of days, each with its showings, in the site's time zone."""

import calendar
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass
class Day:
    date: object
    in_month: bool
    is_today: bool
    showings: list = field(default_factory=list)


def month_weeks(year, month, showings):
    """Weeks (Monday first) of the month; each showing sits on its local start date."""
    by_date = {}
    for showing in showings:
        by_date.setdefault(timezone.localtime(showing.start).date(), []).append(showing)
    today = timezone.localdate()
    return [
        [Day(date, date.month == month, date == today, by_date.get(date, [])) for date in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
