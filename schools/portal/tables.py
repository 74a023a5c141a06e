"""One description of each rates table, used for the page and for its Excel export alike."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from jindu.spreadsheets import sheet_title, xlsx_response
from schools.rates import one_decimal, percent
from schools.templatetags.portal_tags import rate

DASH = "—"
# How each kind of figure is shown on screen and stored in the sheet: the sheet holds the shown figure.
EXCEL_FORMATS = {"count": "#,##0", "rate": "0.0%", "score": "0.0"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    attribute: str
    kind: str  # "count", "rate" or "score"

    def shown(self, value):
        if value is None:
            return DASH
        if self.kind == "rate":
            return rate(value)
        if self.kind == "score":
            return str(one_decimal(value))
        return f"{value:,}"

    def stored(self, value):
        """The figure as the sheet keeps it: the number shown, not more precise."""
        if value is None:
            return DASH
        if self.kind == "rate":
            return float(percent(value) / 100)
        if self.kind == "score":
            return float(one_decimal(value))
        return value


ENROLLED = Column("enrolled", _("Enrolled"), "enrolled", "count")
REGISTERED = Column("registered", _("Registered"), "registered", "count")
REGISTRATION = Column("registration", _("Student registration rate"), "registration_rate", "rate")
COMPLETION = Column("completion", _("Class-hour completion rate"), "completion_rate", "rate")
SCHOOL_REGISTRATION = Column("schools", _("School registration rate"), "school_registration_rate", "rate")
PARTICIPANTS = Column("participants", _("Students taking part"), "participants", "count")
PARTICIPATION = Column("participation", _("Student participation rate"), "participation_rate", "rate")
PASS = Column("pass", _("Pass rate"), "pass_rate", "rate")
EXCELLENT = Column("excellent", _("Excellent rate"), "excellent_rate", "rate")
FULL = Column("full", _("Full-mark rate"), "full_mark_rate", "rate")
MEAN = Column("mean", _("Mean score"), "mean_score", "score")
TOTAL_STUDENTS = Column("students_all", _("Total students"), "registered", "count")
CONTEST_RATES = [PASS, EXCELLENT, FULL, MEAN]

# A school by class: registration and class hours, then the chosen contest.
SCHOOL_COLUMNS = [ENROLLED, REGISTERED, REGISTRATION, COMPLETION, PARTICIPANTS, PARTICIPATION, *CONTEST_RATES]
# The bureau's registration and class-hour table.
HOURS_COLUMNS = [SCHOOL_REGISTRATION, ENROLLED, REGISTERED, REGISTRATION, COMPLETION]
# The official 通报表, in the national notice's column order.
NOTICE_COLUMNS = [
    Column("schools_in", _("Schools taking part"), "schools_participating", "count"),
    Column("schools_all", _("Total schools"), "schools", "count"),
    Column("school_participation", _("School participation rate"), "school_participation_rate", "rate"),
    PARTICIPANTS,
    TOTAL_STUDENTS,
    PARTICIPATION,
    *CONTEST_RATES,
]
# One class in the admin statistics of a contest.
CLASS_CONTEST_COLUMNS = [TOTAL_STUDENTS, PARTICIPANTS, PARTICIPATION, *CONTEST_RATES]


def header(name_label, columns, sort, descending, keep=None):
    """Header cells with the link that sorts by each column (a second click reverses it).

    `keep`: query parameters the links carry along (the chosen contest, the report).
    """
    cells = [_header_cell("name", name_label, sort, descending, keep)]
    cells += [_header_cell(column.key, column.label, sort, descending, keep) for column in columns]
    return cells


def _header_cell(key, label, sort, descending, keep):
    flip = key == sort and not descending
    params = {**(keep or {}), "sort": key, "dir": "desc" if flip else "asc"}
    return {
        "label": label,
        "query": "?" + urlencode(params),
        "current": "descending" if key == sort and descending else "ascending" if key == sort else "",
    }


def row(label, tally, columns, *, url="", kind="item"):
    values = [getattr(tally, column.attribute) for column in columns]
    shown = [column.shown(value) for column, value in zip(columns, values, strict=True)]
    return {"label": label, "url": url, "kind": kind, "values": values, "cells": shown}


def sort_params(query, columns):
    """(column key, Tally attribute or None for the name, descending) from the query string (a QueryDict)."""
    by_key = {column.key: column.attribute for column in columns}
    sort = query.get("sort", "name")
    if sort not in by_key:
        sort = "name"
    return sort, by_key.get(sort), query.get("dir") == "desc"


def table_workbook(title, name_label, columns, rows, subtitle=""):
    """The table exactly as shown, as a workbook (see `write_table`)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    write_table(sheet, name_label, columns, rows, " ".join(part for part in (str(title), str(subtitle)) if part))
    return workbook


def write_table(sheet, name_label, columns, rows, title=""):
    """Write a table as the page shows it: the same rows, columns and figures; “—” stays “—”.

    Figures keep their kind in the sheet: counts with digit grouping, rates as percentages with one
    decimal, scores with one decimal. `title`, when given, is the first row (e.g. region, contest, date).
    """
    if title:
        sheet.append([title])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=13)
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=len(columns) + 1)
    sheet.append([str(name_label)] + [str(column.label) for column in columns])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for item in rows:
        values = [column.stored(value) for column, value in zip(columns, item["values"], strict=True)]
        sheet.append([item["label"], *values])
        cells = sheet[sheet.max_row]
        for column, cell in zip(columns, cells[1:], strict=True):
            if cell.value == DASH:
                cell.alignment = Alignment(horizontal="right")
            else:
                cell.number_format = EXCEL_FORMATS[column.kind]
        if item["kind"] != "item":
            for cell in cells:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 24


def as_of(day):
    """“as of” a day, in the language's own date format."""
    return gettext("As of %(date)s") % {"date": date_format(day, "DATE_FORMAT")}


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
