"""The schedule's filter selects are built in Python; they must say what Django's own Select would."""

import pytest
from django import forms
from django.test.html import parse_html

from events.filters import ScheduleFilterForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "data",
    [{}, {"dialect": "1", "town": "469031104", "kind": "performance"}, {"kind": "bogus", "art_form": "x"}],
)
def test_filter_selects_match_djangos_select(schedule, data):
    form = ScheduleFilterForm(data, schedule.index.showings())
    ours = {field.name: str(field) for field in form}
    for field in form.fields.values():
        field.widget = forms.Select(choices=field.choices)
    for field in form:
        assert parse_html(ours[field.name]) == parse_html(str(field)), field.name
    assert 'value="1" selected' in ours["dialect"] or not data.get("dialect")
