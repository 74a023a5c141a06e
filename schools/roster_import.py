"""Roster import from Excel or CSV: every row valid, or nothing is written; re-importing changes nothing."""

import re
import unicodedata

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jindu.numbers import parse_int
from jindu.spreadsheets import ImportResult, RowError, SpreadsheetError, read_table, workbook_bytes
from schools.models import SchoolClass, Student
from schools.models.schools import GRADE_NAMES, grade_label, student_username

# A whole school in one file; above JINDU_JOB_IMPORT_ROWS it is applied by the task worker.
MAX_ROWS = 20_000
COLUMNS = ("grade", "class", "number", "name")
COLUMN_LABELS = {
    "grade": gettext_lazy("Grade"),
    "class": gettext_lazy("Class"),
    "number": gettext_lazy("Student number"),
    "name": gettext_lazy("Student name"),
}
# The template's Chinese headers, and other words teachers use for the same columns.
TEMPLATE_HEADER = ["年级", "班级", "学号", "姓名"]
HEADER_ALIASES = {
    "年级": "grade",
    "班级": "class",
    "班": "class",
    "学号": "number",
    "学籍号": "number",
    "姓名": "name",
    "学生姓名": "name",
    "grade": "grade",
    "class": "class",
    "number": "number",
    "student number": "number",
    "name": "name",
}
GRADE_WORDS = {name: grade for grade, name in GRADE_NAMES.items()}
GRADE_WORDS.update({"初一": 7, "初二": 8, "初三": 9, "七": 7, "八": 8, "九": 9})
NUMBER_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,30}$")


def normalise(value):
    """Cell text with full-width digits, letters and spaces made plain (NFKC), trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_grade(text):
    number = parse_int(text.removesuffix("年级"), 0, 99)
    if number is not None:
        return number if 1 <= number <= 12 else None
    return GRADE_WORDS.get(text)


def _header_positions(header):
    names = [HEADER_ALIASES.get(normalise(cell).lower(), normalise(cell).lower()) for cell in header]
    missing = [column for column in COLUMNS if column not in names]
    return {column: names.index(column) for column in COLUMNS if column in names}, missing


def check_rows(data, school, classes, progress=None):
    """Parse and check the whole file; return (valid rows, errors, existing students by number).

    Row numbers are those the spreadsheet shows.
    """
    try:
        header_row, header, table = read_table(data, max_rows=MAX_ROWS, allow_csv=True)
    except SpreadsheetError as error:
        return [], [error.row_error], {}
    table = [(number, cells) for number, cells in table if any(normalise(cell) for cell in cells)]
    positions, missing = _header_positions(header)
    if missing:
        reason = _("This column is missing from the header; download the template to see the columns.")
        return [], [RowError(header_row, str(COLUMN_LABELS[column]), reason) for column in missing], {}

    school_classes = {(c.grade, c.name): c for c in SchoolClass.objects.filter(school=school)}
    allowed = set(classes.values_list("pk", flat=True))
    existing = {s.number: s for s in Student.objects.filter(school=school).select_related("school_class")}
    rows, errors, seen = [], [], {}
    for checked, (number, cells) in enumerate(table, start=1):
        if progress:
            progress("check", checked)
        values = {column: normalise(cells[i]) if i < len(cells) else "" for column, i in positions.items()}
        row_errors = []

        def error(column, reason, number=number, row_errors=row_errors):
            row_errors.append(RowError(number, str(COLUMN_LABELS[column]), reason))

        grade = parse_grade(values["grade"])
        if grade is None:
            error("grade", _("“%(value)s” is not a grade; write 1 to 12 or e.g. 七年级.") % {"value": values["grade"]})
        class_name = values["class"]
        school_class = None
        if grade is not None:
            school_class = school_classes.get((grade, class_name)) or school_classes.get((grade, f"{class_name}班"))
            if school_class is None:
                error(
                    "class",
                    _("There is no class %(grade)s%(name)s at this school.")
                    % {"grade": grade_label(grade), "name": class_name},
                )
            elif school_class.pk not in allowed:
                error("class", _("You do not manage class %(name)s.") % {"name": school_class})
        student_number = values["number"]
        if not student_number:
            error("number", _("The student number is empty."))
        elif not NUMBER_PATTERN.match(student_number):
            error("number", _("A student number may only hold letters, digits and “-”, at most 30."))
        elif student_number in seen:
            error(
                "number",
                _("The student number %(number)s is already used on row %(other)d.")
                % {"number": student_number, "other": seen[student_number]},
            )
        else:
            current = existing.get(student_number)
            if current and current.school_class_id not in allowed:
                error(
                    "number",
                    _("Student number %(number)s belongs to class %(name)s, which you do not manage.")
                    % {"number": student_number, "name": current.school_class},
                )
        if not values["name"]:
            error("name", _("The student's name is empty."))
        elif len(values["name"]) > 50:
            error("name", _("The student's name is longer than 50 characters."))
        if student_number and student_number not in seen:
            seen[student_number] = number
        if row_errors:
            errors.extend(row_errors)
        else:
            rows.append((student_number, values["name"], school_class))
    return rows, errors, existing


def import_roster(data, school, classes, progress=None):
    """Import a roster for `school`, touching only `classes`; all rows or none.

    `progress(stage, rows)`, if given, hears of rows checked ("check") and rows saved ("save") as they go.
    """
    if progress:
        progress("check", 0)
    rows, errors, existing = check_rows(data, school, classes, progress)
    result = ImportResult(errors=errors)
    if errors:
        return result
    if progress:
        progress("save", 0)
    User = get_user_model()
    with transaction.atomic():
        new_users, new_students = [], []
        for done, (number, name, school_class) in enumerate(rows, start=1):
            if progress:
                progress("save", done)
            student = existing.get(number)
            if student is None:
                user = User(
                    username=student_username(school.code, number), display_name=name, password=make_password(None)
                )
                new_users.append(user)
                new_students.append(
                    Student(user=user, school=school, school_class=school_class, name=name, number=number)
                )
            elif student.name != name or student.school_class_id != school_class.pk:
                student.name, student.school_class = name, school_class
                student.save(update_fields=["name", "school_class"])
                User.objects.filter(pk=student.user_id).update(display_name=name)
                result.updated += 1
            else:
                result.unchanged += 1
        taken = set(
            User.objects.filter(username__in=[u.username for u in new_users]).values_list("username", flat=True)
        )
        if taken:
            result.errors = [
                RowError(0, "", _("Accounts %(names)s already exist.") % {"names": ", ".join(sorted(taken))})
            ]
            transaction.set_rollback(True)
            return result
        User.objects.bulk_create(new_users)
        if not new_users or new_users[0].pk is None:
            by_name = dict(
                User.objects.filter(username__in=[u.username for u in new_users]).values_list("username", "pk")
            )
            for user in new_users:
                user.pk = by_name[user.username]
        for student in new_students:
            student.user_id = student.user.pk
        Student.objects.bulk_create(new_students)
        result.created = len(new_students)
    return result


def template_workbook():
    """An .xlsx template with the header and two example rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "学生名单"
    sheet.append(TEMPLATE_HEADER)
    sheet.append(["七年级", "1班", "20250101", "张小明"])
    sheet.append(["7", "1班", "20250102", "李小红"])
    for column, width in zip("ABCD", (10, 10, 16, 14), strict=True):
        sheet.column_dimensions[column].width = width
    return workbook_bytes(workbook)
