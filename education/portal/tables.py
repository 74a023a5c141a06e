"""One description of each rates table, used for the page and for its Excel export alike."""

from dataclasses import dataclass

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from education.templatetags.portal_tags import rate
from jindu.spreadsheets import sheet_title, xlsx_response


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    attribute: str
    kind: str  # "count" or "rate"
    sortable: bool = False


SCHOOL_RATE = Column("schools", _("School registration rate"), "school_registration_rate", "rate", True)
COLUMNS = [
    Column("enrolled", _("Enrolled"), "enrolled", "count"),
    Column("registered", _("Registered"), "registered", "count"),
    Column("registration", _("Student registration rate"), "registration_rate", "rate", True),
    Column("completion", _("Class-hour completion rate"), "completion_rate", "rate", True),
    Column("participation", _("Contest participation rate"), "participation_rate", "rate", True),
    Column("pass", _("Pass rate"), "pass_rate", "rate", True),
    Column("full", _("Full-mark rate"), "full_mark_rate", "rate", True),
]


def columns_for(with_schools):
    return [SCHOOL_RATE, *COLUMNS] if with_schools else list(COLUMNS)


def header(name_label, columns, sort, descending):
    """Header cells with the link that sorts by each column (a second click reverses it)."""
    cells = []
    cells.append(_header_cell("name", name_label, sort, descending))
    for column in columns:
        cells.append(
            _header_cell(column.key, column.label, sort, descending) if column.sortable else {"label": column.label}
        )
    return cells


def _header_cell(key, label, sort, descending):
    flip = key == sort and not descending
    return {
        "label": label,
        "query": "?" + urlencode({"sort": key, "dir": "desc" if flip else "asc"}),
        "current": "descending" if key == sort and descending else "ascending" if key == sort else "",
    }


def row(label, tally, columns, *, url="", kind="item"):
    values = [getattr(tally, column.attribute) for column in columns]
    shown = [rate(value) if column.kind == "rate" else value for column, value in zip(columns, values, strict=True)]
    return {"label": label, "url": url, "kind": kind, "values": values, "cells": shown}


def sort_params(request, allowed):
    sort = request.GET.get("sort", "name")
    if sort not in allowed:
        sort = "name"
    return sort, request.GET.get("dir") == "desc"


def workbook_response(filename, title, name_label, columns, rows):
    """The table exactly as shown, as an .xlsx download; rates are real percentages, “—” stays “—”."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    sheet.append([str(name_label)] + [str(column.label) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in rows:
        values = [
            "—" if value is None else (float(value) if column.kind == "rate" else value)
            for column, value in zip(columns, item["values"], strict=True)
        ]
        sheet.append([item["label"], *values])
        if item["kind"] != "item":
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        for column, cell in zip(columns, sheet[sheet.max_row][1:], strict=True):
            if column.kind == "rate" and isinstance(cell.value, float):
                cell.number_format = "0.0%"
    sheet.column_dimensions["A"].width = 24
    return xlsx_response(workbook, filename)


STATE_LABELS = {"done": _("Completed"), "watched": _("Watched, quiz not passed"), "none": _("Not started")}


def grid_workbook_response(report):
    """A class's student × lesson grid as an .xlsx download."""
    school_class = report["school_class"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(school_class)
    lessons = report["lessons"]
    sheet.append(
        [str(_("Student number")), str(_("Student name")), str(_("Registered"))]
        + [lesson.title for lesson in lessons]
        + [str(_("Class hours credited")), str(_("Finished"))]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    yes, no = str(_("Yes")), str(_("No"))
    for item in report["rows"]:
        student = item["student"]
        sheet.append(
            [student.number, student.name, yes if student.is_registered else no]
            + [str(STATE_LABELS[state]) for state in item["cells"]]
            + [float(item["credited"]), yes if item["finished"] else no]
        )
    return xlsx_response(workbook, f"{school_class.school.name}-{school_class}.xlsx")
