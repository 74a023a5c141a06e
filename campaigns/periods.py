"""Reporting periods: a month, a quarter, a year or a custom range of local (Asia/Shanghai) dates."""

import calendar
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
RANGE = "range"


def shift_year(day, years):
    """The same day `years` later (or earlier); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included."""

    start: datetime.date
    end: datetime.date
    kind: str = RANGE

    @classmethod
    def month(cls, year, month):
        return cls(
            datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1]), MONTH
        )

    @classmethod
    def quarter(cls, year, quarter):
        first = 3 * (quarter - 1) + 1
        return cls(Period.month(year, first).start, Period.month(year, first + 2).end, QUARTER)

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), YEAR)

    @classmethod
    def range(cls, start, end):
        return cls(start, end, RANGE)

    def previous_year(self):
        if self.kind == MONTH:
            return Period.month(self.start.year - 1, self.start.month)
        if self.kind == QUARTER:
            return Period.quarter(self.start.year - 1, (self.start.month - 1) // 3 + 1)
        if self.kind == YEAR:
            return Period.year(self.start.year - 1)
        return Period.range(shift_year(self.start, -1), shift_year(self.end, -1))

    def months(self):
        """The first day of every month the period touches."""
        months = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append(datetime.date(year, month, 1))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    @property
    def single_year(self):
        return self.start.year == self.end.year

    @property
    def label(self):
        if self.kind == MONTH:
            return _("%(year)d-%(month)02d") % {"year": self.start.year, "month": self.start.month}
        if self.kind == QUARTER:
            return _("%(year)d Q%(quarter)d") % {"year": self.start.year, "quarter": (self.start.month - 1) // 3 + 1}
        if self.kind == YEAR:
            return _("%(year)d") % {"year": self.start.year}
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"
