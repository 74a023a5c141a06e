"""The access log page (访问记录): who looked at which students' names, filtered, and its Excel export."""

import datetime

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from openpyxl import Workbook
from openpyxl.styles import Font

from schools.models import PortalAccess

from . import tables
from .access import SCREENS, UNIT_NAMES, row_unit, rows_label, staff_view

EXPORT_LIMIT = 50_000


class AccessLogFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    school = forms.ModelChoiceField(label=_("School"), queryset=None, required=False, empty_label=_("All schools"))
    what = forms.ChoiceField(label=_("Screen or export"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, data, scope):
        super().__init__(data)
        self.fields["school"].queryset = scope.schools().order_by("name")
        self.fields["what"].choices = [("", _("All screens")), *SCREENS.items()]
        self.fields["action"].choices = [("", _("All actions")), *PortalAccess.Action.choices]

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["start"]:
            queryset = queryset.filter(at__gte=_day_start(data["start"]))
        if data["end"]:
            queryset = queryset.filter(at__lt=_day_start(data["end"] + datetime.timedelta(days=1)))
        if data["school"]:
            queryset = queryset.filter(school=data["school"])
        if data["what"]:
            queryset = queryset.filter(what=data["what"])
        if data["action"]:
            queryset = queryset.filter(action=data["action"])
        return queryset


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _entries(request, scope):
    if not scope.can_read_access_log:
        raise Http404
    form = AccessLogFilterForm(request.GET or None, scope)
    queryset = scope.access_log().select_related("user", "school", "school_class", "region").order_by("-at", "-pk")
    if form.is_bound:
        queryset = form.filter(queryset)
    return form, queryset


def where(entry):
    parts = [entry.school.name if entry.school else "", str(entry.school_class) if entry.school_class else ""]
    if entry.region and not entry.school:
        parts = [entry.region.name]
    return " ".join(part for part in parts if part) or "—"


def who(entry):
    if entry.user is None:
        return gettext("Public visitor")
    return f"{entry.user} ({entry.user.username})" if str(entry.user) != entry.user.username else entry.user.username


@never_cache
@staff_view
def access_log(request, scope):
    form, queryset = _entries(request, scope)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    for entry in page:
        entry.screen = SCREENS.get(entry.what, entry.what)
        entry.where, entry.who, entry.count = where(entry), who(entry), rows_label(entry)
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(
        request,
        "schools/portal/access_log.html",
        {"form": form, "entries": page, "query": keep.urlencode()},
    )


@staff_view
def access_log_export(request, scope):
    _form, queryset = _entries(request, scope)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("Access log")
    headings = (
        "Time",
        "Who",
        "Action",
        "Screen or export",
        "School / class / region",
        "Rows shown",
        "Of",
        "Client address",
    )
    sheet.append([gettext(heading) for heading in headings])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for entry in queryset[:EXPORT_LIMIT]:
        sheet.append(
            [
                date_format(timezone.localtime(entry.at), "SHORT_DATETIME_FORMAT"),
                who(entry),
                entry.get_action_display(),
                str(SCREENS.get(entry.what, entry.what)),
                where(entry),
                entry.rows,
                str(UNIT_NAMES[row_unit(entry.what)]),
                entry.ip or "",
            ]
        )
    for column, width in zip("ABCDEFGH", (18, 24, 10, 16, 28, 8, 8, 16), strict=True):
        sheet.column_dimensions[column].width = width
    response = tables.xlsx_response(workbook, f"{gettext('Access log')}-{timezone.localdate():%Y%m%d}.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response
