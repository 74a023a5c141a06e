"""The schedule's filters: town, dialect, art form, kind and month, read from the query string."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from events.models.lists import ArtForm, EventKind
from events.models.showings import next_month, previous_month
from jindu.models import Dialect, Region
from jindu.pagecache import remember

# The schedule's filters, in the order they appear in addresses.
SCHEDULE_FILTERS = ("town", "dialect", "art_form", "kind", "month")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(value):
    """(year, month) from '2026-06', or None."""
    match = MONTH_PATTERN.match(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return year, month


def month_label(year, month):
    """E.g. 2024年6月, or June 2024 in English: the active language's YEAR_MONTH_FORMAT."""
    return date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")


def month_choices(past):
    """Twelve months from this one forwards (or backwards, for the archive)."""
    today = timezone.localdate()
    year, month = today.year, today.month
    choices = []
    for _step in range(12 if not past else 24):
        choices.append((f"{year}-{month:02d}", month_label(year, month)))
        year, month = previous_month(year, month) if past else next_month(year, month)
    return choices


def filter_lists(showings):
    """The towns these showings are in, and every dialect and art form, as (value, name) choices."""
    towns = Region.objects.filter(pk__in=showings.order_by().values("town_id")).order_by("path")
    return {
        "town": [(town.code, town.name) for town in towns],
        "dialect": [(item.pk, item.name) for item in Dialect.objects.all()],
        "art_form": [(item.pk, item.name) for item in ArtForm.objects.all()],
    }


class ScheduleFilterForm(forms.Form):
    """Filters that combine; each one that is wrong is ignored with a message, the others still apply."""

    town = forms.ChoiceField(label=_("Town"), required=False)
    dialect = forms.TypedChoiceField(label=_("Dialect"), required=False, coerce=int, empty_value=None)
    art_form = forms.TypedChoiceField(label=_("Art form"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    month = forms.ChoiceField(label=_("Month"), required=False)

    def __init__(self, data, showings, past=False, with_month=True, schedule=None):
        """`schedule`, the EventIndexPage the showings belong to, lets its towns, dialects and art forms be kept."""
        super().__init__(data)
        any_choice = [("", _("All"))]
        if schedule is None:
            lists = filter_lists(showings)
        else:
            lists = remember(f"schedule-filters:{schedule.pk}", lambda: filter_lists(showings))
        for name, choices in lists.items():
            self.fields[name].choices = any_choice + choices
        self.fields["kind"].choices = any_choice + list(EventKind.choices)
        if with_month:
            choices = month_choices(past)
            requested = self.data.get("month", "")
            if parse_month(requested) and requested not in dict(choices):
                choices.append((requested, requested))
            self.fields["month"].choices = any_choice + choices
        else:
            del self.fields["month"]

    def clean_month(self):
        value = self.cleaned_data.get("month")
        return parse_month(value) if value else None

    @property
    def active(self):
        """The valid filters in use, as query-string pairs, in a fixed order."""
        self.is_valid()
        pairs = []
        for name in SCHEDULE_FILTERS:
            if name in self.fields and self.cleaned_data.get(name) not in (None, ""):
                pairs.append((name, self.data.get(name)))
        return pairs

    @property
    def query_string(self):
        return urlencode(self.active)

    def error_messages(self):
        self.is_valid()
        return [
            _("The %(filter)s filter is not valid and was left out.") % {"filter": self.fields[name].label}
            for name in self.errors
        ]

    def labels(self):
        """Human names of the active filters, e.g. ['哥隆话', '昌化镇']."""
        labels = []
        for name, _value in self.active:
            value = self.cleaned_data[name]
            if name == "month":
                labels.append(month_label(*value))
            else:
                labels.append(str(dict(self.fields[name].choices).get(value, value)))
        return labels

    def apply(self, showings):
        self.is_valid()
        data = self.cleaned_data
        if data.get("town"):
            showings = showings.filter(town__code=data["town"])
        if data.get("dialect"):
            showings = showings.filter(event__dialects=data["dialect"])
        if data.get("art_form"):
            showings = showings.filter(event__art_forms=data["art_form"])
        if data.get("kind"):
            showings = showings.filter(event__kind=data["kind"])
        if data.get("month"):
            showings = showings.in_month(*data["month"])
        return showings
