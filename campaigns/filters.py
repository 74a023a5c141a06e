"""The dashboard's filter form: region, period, campaign, type, and the switch for submitted reports."""

from django import forms
from django.db.models import Max
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jindu.models import Campaign

from . import periods
from .access import scope_regions, visible_regions, visible_reports
from .models import ActivityReport, ActivityType
from .periods import Period
from .rollup import Filters

PERIOD_KINDS = [
    (periods.YEAR, _("Year")),
    (periods.QUARTER, _("Quarter")),
    (periods.MONTH, _("Month")),
    (periods.RANGE, _("Custom range")),
]


QUARTER_LABELS = [_("Q1 (Jan–Mar)"), _("Q2 (Apr–Jun)"), _("Q3 (Jul–Sep)"), _("Q4 (Oct–Dec)")]


def latest_report_day(user):
    """The date of the latest approved or submitted report the user oversees, or None."""
    return visible_reports(user, ActivityReport.objects.counted(include_submitted=True)).aggregate(day=Max("date"))[
        "day"
    ]


class RegionSelect(forms.Select):
    """A select written in one pass: per-option templates take a fifth of a second for a city's 2,000 regions."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(option), mark_safe(" selected") if str(option) in chosen else "", label)
                for option, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


# The period fields each kind of period needs; the picker's script shows only these.
PERIOD_FIELDS = {
    "year": (periods.YEAR, periods.QUARTER, periods.MONTH),
    "quarter": (periods.QUARTER,),
    "month": (periods.MONTH,),
    "start": (periods.RANGE,),
    "end": (periods.RANGE,),
}


def _for_kinds(field_name, widget):
    widget.attrs["data-period-kinds"] = " ".join(PERIOD_FIELDS[field_name])
    return widget


class DashboardFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=None, required=False, widget=RegionSelect, empty_label=None
    )
    period = forms.ChoiceField(
        label=_("Period"), choices=PERIOD_KINDS, required=False, widget=forms.Select(attrs={"data-period-kind": ""})
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        required=False,
        widget=_for_kinds("year", forms.NumberInput(attrs={"class": "dashboard-filters__year"})),
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[(q, label) for q, label in enumerate(QUARTER_LABELS, start=1)],
        coerce=int,
        required=False,
        widget=_for_kinds("quarter", forms.Select()),
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=[(m, MONTHS[m]) for m in range(1, 13)],
        coerce=int,
        required=False,
        widget=_for_kinds("month", forms.Select()),
    )
    start = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=_for_kinds("start", forms.DateInput(attrs={"type": "date"})),
    )
    end = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=_for_kinds("end", forms.DateInput(attrs={"type": "date"})),
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.all(), required=False, empty_label=_("All campaigns")
    )
    activity_type = forms.ModelChoiceField(
        label=_("Activity type"),
        queryset=ActivityType.objects.all(),
        required=False,
        empty_label=_("All activity types"),
    )
    include_submitted = forms.BooleanField(label=_("Include reports awaiting approval"), required=False)

    def __init__(self, data, *, user):
        super().__init__(data, label_suffix="")
        self.user = user
        self.fields["region"].queryset = visible_regions(user)
        self.fields["region"].label_from_instance = lambda region: region.indented_name
        self.anchor = latest_report_day(user) or timezone.localdate()
        self.initial = {
            "region": next(iter(scope_regions(user)), None),
            "period": periods.YEAR,
            "year": self.anchor.year,
            "quarter": (self.anchor.month - 1) // 3 + 1,
            "month": self.anchor.month,
        }

    def clean(self):
        data = super().clean()
        kind = data.get("period") or periods.YEAR
        if kind == periods.RANGE:
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                self.add_error("start", _("Give both dates of the range."))
            elif end < start:
                self.add_error("end", _("The range ends before it starts."))
            elif (end - start).days > 366 * 5:
                self.add_error("end", _("A range may cover at most five years."))
        return data

    def to_filters(self):
        """Filters for a valid form; defaults (the user's first region, the year of the latest report) for the rest."""
        data = self.cleaned_data if self.is_valid() else {}
        kind = data.get("period") or periods.YEAR
        year = data.get("year") or self.initial["year"]
        if kind == periods.MONTH:
            period = Period.month(year, data.get("month") or self.initial["month"])
        elif kind == periods.QUARTER:
            period = Period.quarter(year, data.get("quarter") or self.initial["quarter"])
        elif kind == periods.RANGE and data.get("start") and data.get("end"):
            period = Period.range(data["start"], data["end"])
        else:
            period = Period.year(year)
        region = data.get("region") or next(iter(scope_regions(self.user)), None)
        return Filters(
            region=region,
            period=period,
            campaign=data.get("campaign"),
            activity_type=data.get("activity_type"),
            include_submitted=bool(data.get("include_submitted")),
        )
