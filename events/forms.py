"""The admin's form for adding a series of showings at once."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from events.series import MAX_SERIES, SeriesMode, series_dates
from jindu.models import Region
from jindu.models.regions import RegionLevel

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class RegionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.indented_name


class SeriesForm(forms.Form):
    first_date = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last_date = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On these days of the week"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every day."),
        required=False,
    )
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    regions = RegionChoiceField(
        label=_("Villages or towns"),
        queryset=Region.objects.filter(level__gte=RegionLevel.TOWN),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl (or ⌘) to pick several. They are visited in the order of this list."),
    )
    mode = forms.ChoiceField(
        label=_("How to combine dates and places"),
        choices=SeriesMode.choices,
        initial=SeriesMode.ROTATE,
        widget=forms.RadioSelect,
    )
    venue = forms.CharField(
        label=_("Venue"),
        max_length=100,
        help_text=_("Used for every showing; '{place}' becomes the village name, e.g. {place}文化广场."),
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    publish = forms.BooleanField(
        label=_("Publish the new showings now"),
        required=False,
        help_text=_("Untick to keep them in a draft that you check and publish later."),
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("first_date"), data.get("last_date")
        if first and last and last < first:
            self.add_error("last_date", _("The last date must not be before the first."))
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end must be after the start."))
        if self.errors:
            return data
        if first and last and (last - first) > datetime.timedelta(days=366):
            self.add_error("last_date", _("A series can cover at most one year."))
            return data
        dates = series_dates(first, last, data.get("weekdays") or [])
        if not dates:
            self.add_error("weekdays", _("No date between these days falls on the weekdays you ticked."))
            return data
        count = len(dates) * (len(data["regions"]) if data["mode"] == SeriesMode.EVERY_PLACE else 1)
        if count > MAX_SERIES:
            self.add_error(
                None,
                _("That would create %(count)s showings; at most %(max)s at once.")
                % {"count": count, "max": MAX_SERIES},
            )
        data["dates"] = dates
        return data
