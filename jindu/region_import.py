"""Import the region tree from a CSV file: every row valid, or nothing is written."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from jindu.models.regions import Region, is_valid_parent_level, parse_level
from jindu.spreadsheets import ImportResult, RowError, SpreadsheetError, read_table

MAX_ROWS = 50_000

COLUMNS = ("code", "name", "level", "parent_code")
# Header words accepted besides the English column names.
HEADER_ALIASES = {"编码": "code", "代码": "code", "名称": "name", "级别": "level", "上级编码": "parent_code"}


def _cell(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


@dataclass
class _Row:
    number: int
    code: str
    name: str
    level: int
    parent_code: str


def read_rows(data):
    """Parse and check every row; return (rows, errors) numbered as the spreadsheet shows them."""
    if isinstance(data, str):
        data = data.encode()
    try:
        header_row, header, table = read_table(data, max_rows=MAX_ROWS, allow_csv=True)
    except SpreadsheetError as error:
        return [], [error.row_error]
    names = [HEADER_ALIASES.get(_cell(cell), _cell(cell).lower()) for cell in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        return [], [RowError(header_row, column, _("This column is missing from the header.")) for column in missing]
    position = {column: names.index(column) for column in COLUMNS}

    rows, errors = [], []
    seen = {}
    for number, cells in table:
        values = {column: (_cell(cells[i]) if i < len(cells) else "") for column, i in position.items()}
        row_errors = []
        if not values["code"]:
            row_errors.append(RowError(number, "code", _("The code is empty.")))
        elif values["code"] in seen:
            row_errors.append(
                RowError(
                    number,
                    "code",
                    _("The code %(code)s is already used on row %(other)d.")
                    % {"code": values["code"], "other": seen[values["code"]]},
                )
            )
        if not values["name"]:
            row_errors.append(RowError(number, "name", _("The name is empty.")))
        for column, model_field in (("code", "code"), ("name", "name"), ("parent_code", "code")):
            limit = Region._meta.get_field(model_field).max_length
            if len(values[column]) > limit:
                reason = _("At most %(count)d characters.") % {"count": limit}
                row_errors.append(RowError(number, column, reason))
        level = parse_level(values["level"])
        if level is None:
            row_errors.append(
                RowError(
                    number,
                    "level",
                    _("“%(value)s” is not a level; use 市, 区/县, 乡镇/街道 or 村/社区.") % {"value": values["level"]},
                )
            )
        if values["code"] and values["code"] == values["parent_code"]:
            row_errors.append(RowError(number, "parent_code", _("A region cannot be its own parent.")))
        if row_errors:
            errors.extend(row_errors)
        else:
            seen[values["code"]] = number
            rows.append(_Row(number, values["code"], values["name"], level, values["parent_code"]))
    return rows, errors


def _check_parents(rows):
    """Every parent exists (in the file or the database) at the level just above."""
    in_file = {row.code: row for row in rows}
    existing = {
        region.code: region
        for region in Region.objects.filter(code__in={row.parent_code for row in rows} | set(in_file))
    }
    errors = []
    for row in rows:
        if row.code in existing and row.code not in in_file:
            continue
        if not row.parent_code:
            parent_level = None
        elif row.parent_code in in_file:
            parent_level = in_file[row.parent_code].level
        elif row.parent_code in existing:
            parent_level = existing[row.parent_code].level
        else:
            errors.append(
                RowError(row.number, "parent_code", _("No region has the code %(code)s.") % {"code": row.parent_code})
            )
            continue
        if not is_valid_parent_level(row.level, parent_level):
            if parent_level is None:
                reason = _("A region without a parent must be a city or a county.")
            else:
                reason = _("A %(level)s cannot sit directly under a %(parent)s.") % {
                    "level": Region(level=row.level).get_level_display(),
                    "parent": Region(level=parent_level).get_level_display(),
                }
            errors.append(RowError(row.number, "level", reason))
    return errors, existing


def import_regions(data):
    """Validate the whole file, then create or update its regions in one transaction."""
    rows, errors = read_rows(data)
    if errors:
        return ImportResult(errors=errors)
    parent_errors, _existing = _check_parents(rows)
    if parent_errors:
        return ImportResult(errors=sorted(parent_errors, key=lambda error: error.row))

    result = ImportResult()
    with transaction.atomic():
        # Parents first: a row's level is always one below its parent's.
        for row in sorted(rows, key=lambda row: (row.level, row.number)):
            _save_row(row, result)
    return result


def _save_row(row, result):
    parent = Region.objects.get(code=row.parent_code) if row.parent_code else None
    region = Region.objects.filter(code=row.code).first()
    if region is None:
        region = Region(code=row.code, name=row.name, level=row.level)
        if parent:
            parent.add_child(instance=region)
        else:
            Region.add_root(instance=region)
        result.created += 1
        return
    current_parent = region.get_parent()
    if region.name == row.name and region.level == row.level and current_parent == parent:
        result.unchanged += 1
        return
    region.name, region.level = row.name, row.level
    region.save()
    if current_parent != parent:
        region = Region.objects.get(pk=region.pk)
        if parent:
            region.move(Region.objects.get(pk=parent.pk), "sorted-child")
        else:
            region.move(Region.get_first_root_node(), "sorted-sibling")
    result.updated += 1
