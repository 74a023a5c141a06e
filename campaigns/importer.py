"""Import activity reports from the office's spreadsheet: every row or none.

The place is a region code, or names as the office writes them (town, town and village; see
`excel.REGION_NAME_COLUMNS`), looked up inside the importing user's regions.
A row is the same report as one already stored when its date, region, activity type,
campaign and activity name all match; importing it again updates that report's figures
instead of adding another, so a corrected file can be imported twice without double counting.
Imported reports are approved at once: the office that imports them is the approver.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from jindu.models import Campaign, MaterialKind, Region
from jindu.numbers import parse_int
from jindu.spreadsheets import ImportResult, RowError, SpreadsheetError, read_table

from . import summary
from .access import region_in_scope, scope_regions, visible_regions
from .editing import save_report
from .excel import COLUMNS, REGION_NAME_COLUMNS
from .models import MAX_FIGURE, ActivityReport, ActivityType, max_people_per_session

MAX_ROWS = 20_000
YES = {"是", "y", "yes", "1", "true", "确认", "√"}
NO = {"", "否", "n", "no", "0", "false"}
FIGURES = ("sessions", "people_reached", "households_visited")


def _normalise(text):
    return str(text or "").strip().replace(" ", "").replace("（", "(").replace("）", ")").lower()


def _header_map(header, header_row):
    """{key: column index}, material keys as ('material', kind); unknown columns are reported."""
    names = {}
    for key, chinese, english in [*COLUMNS, *REGION_NAME_COLUMNS]:
        names[_normalise(chinese)] = key
        names[_normalise(english)] = key
    for kind in MaterialKind.objects.all():
        names[_normalise(kind.name)] = ("material", kind)
        names[_normalise(f"{kind.name}（{kind.unit}）")] = ("material", kind)
    mapping, errors = {}, []
    for index, cell in enumerate(header):
        if cell is None or str(cell).strip() == "":
            continue
        key = names.get(_normalise(cell))
        letter = get_column_letter(index + 1)
        if key is None:
            errors.append(RowError(header_row, letter, _("Unknown column “%(name)s”.") % {"name": cell}))
        elif key in mapping:
            errors.append(RowError(header_row, letter, _("Column “%(name)s” appears twice.") % {"name": cell}))
        else:
            mapping[key] = index
    for key, chinese, _english in COLUMNS:
        if key in ("date", "activity_type", "sessions") and key not in mapping:
            errors.append(RowError(header_row, "", _("The column “%(name)s” is missing.") % {"name": chinese}))
    if not {"region", "town", "region_name"} & set(mapping):
        errors.append(
            RowError(header_row, "", _("Name the place: a column “乡镇” (and “村（社区）”), “地区” or “地区代码”."))
        )
    return mapping, errors


NAME_SEPARATORS = re.compile(r"[\s/／\\>＞、]+")


class RegionNames:
    """Regions by name inside the user's regions (all regions for a command run without a user)."""

    def __init__(self, user):
        self.user = user
        roots = scope_regions(user) if user is not None else list(Region.get_root_nodes())
        inside = list(visible_regions(user)) if user is not None else list(Region.objects.all())
        above = [ancestor for root in roots for ancestor in root.get_ancestors()]
        self.by_path = {region.path: region for region in [*inside, *above]}
        self.by_name = {}
        for region in inside:
            self.by_name.setdefault(region.name, []).append(region)

    def _ancestor_names(self, region):
        steps = range(Region.steplen, len(region.path), Region.steplen)
        return [self.by_path[region.path[:end]].name for end in steps if region.path[:end] in self.by_path]

    def resolve(self, parts):
        """(region, None) or (None, reason) for names from the outermost given to the place itself."""
        *outer, name = parts
        found = []
        for region in self.by_name.get(name, []):
            ancestors = iter(self._ancestor_names(region))
            if all(part in ancestors for part in outer):  # each outer name above the last, in order
                found.append(region)
        written = "/".join(parts)
        if len(found) == 1:
            return found[0], None
        if found:
            places = "、".join(region.full_name for region in found[:5])
            return None, _(
                "“%(name)s” could be several places (%(places)s); write the town or district before it, or the code."
            ) % {"name": written, "places": places}
        if self.user is not None and Region.objects.filter(name=name).exists():
            return None, _("“%(name)s” is not in your regions.") % {"name": written}
        return None, _("No town or village named “%(name)s”.") % {"name": written}


def _name_parts(values, mapping):
    """The names a row gives for its place, outermost first, and the key of the column they came from."""
    joined = str(_cell(values, mapping, "region_name") or "").strip()
    if joined:
        return [part for part in NAME_SEPARATORS.split(joined) if part], "region_name"
    town = str(_cell(values, mapping, "town") or "").strip()
    village = str(_cell(values, mapping, "village") or "").strip()
    parts = [part for part in (town, village) if part]
    return parts, "town" if town else "village"


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if text.endswith("日") and "年" in text:
        try:
            return datetime.datetime.strptime(text, "%Y年%m月%d日").date()
        except ValueError:
            pass
    raise ValueError


def _count(value):
    if value is None or str(value).strip() == "":
        return 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        text = str(value).strip().replace(",", "")
        value = parse_int(text, 0, MAX_FIGURE)
        if value is None:
            raise ValueError
    if value < 0 or value > MAX_FIGURE:
        raise ValueError
    return value


def import_reports(file, user=None, progress=None):
    """Check every row of an .xlsx or CSV file, then save them all in one transaction; any error saves nothing.

    `progress(stage, rows)`, if given, hears of rows checked ("check") and rows saved ("save") as they go.
    """
    result, parsed = check_reports(file, user, progress)
    if result.errors:
        return result
    if progress:
        progress("save", 0)
    with transaction.atomic(), summary.deferred():
        for done, row in enumerate(parsed, start=1):
            _save(row, user, result)
            if progress:
                progress("save", done)
    return result


def check_reports(file, user=None, progress=None):
    """(result with every row's errors, the rows ready to save): what `import_reports` checks, saving nothing."""
    result = ImportResult()
    try:
        header_row, header, rows = read_table(file, max_rows=MAX_ROWS, allow_csv=True)
    except SpreadsheetError as error:
        result.errors.append(error.row_error)
        return result, []
    mapping, errors = _header_map(header, header_row)
    if errors:
        result.errors = errors
        return result, []
    if not rows:
        result.errors.append(RowError(0, "", _("The file has no rows to import.")))
        return result, []

    regions = {region.code: region for region in Region.objects.all()}
    regions = RegionLookup(regions, RegionNames(user))
    types = {_normalise(item.name): item for item in ActivityType.objects.all()}
    campaigns = {_normalise(item.name): item for item in Campaign.objects.all()}
    parsed, seen = [], {}
    today = timezone.localdate()
    if progress:
        progress("check", 0)
    for checked, (number, values) in enumerate(rows, start=1):
        if progress:
            progress("check", checked)
        row, row_errors = _parse_row(number, values, mapping, regions, types, campaigns, today, user)
        key = row and (
            row["date"],
            row["region"].pk,
            row["activity_type"].pk,
            row["campaign"] and row["campaign"].pk,
            row["title"],
        )
        if key and key in seen:
            row_errors.append(
                RowError(
                    number, "A-E", _("Same date, region, type, campaign and name as row %(row)d.") % {"row": seen[key]}
                )
            )
        elif key:
            seen[key] = number
        result.errors.extend(row_errors)
        if not row_errors:
            parsed.append(row)
    return result, parsed


def _cell(values, mapping, key):
    index = mapping.get(key)
    return values[index] if index is not None and index < len(values) else None


def _parse_row(number, values, mapping, regions, types, campaigns, today, user):
    errors = []

    def column(key):
        return get_column_letter(mapping[key] + 1) if key in mapping else ""

    def fail(key, reason):
        errors.append(
            RowError(number, column(key) if isinstance(key, str) else get_column_letter(mapping[key] + 1), reason)
        )

    row = {"materials": {}}
    try:
        row["date"] = _date(_cell(values, mapping, "date"))
        if row["date"] > today:
            fail("date", _("The date cannot be in the future."))
    except (ValueError, TypeError):
        fail("date", _("Not a date; write it as 2024-06-26."))
    row["region"] = _region(values, mapping, regions, user, fail)
    type_name = _cell(values, mapping, "activity_type")
    row["activity_type"] = types.get(_normalise(type_name))
    if row["activity_type"] is None:
        fail("activity_type", _("Unknown activity type “%(name)s”.") % {"name": type_name or ""})
    campaign_name = _cell(values, mapping, "campaign")
    row["campaign"] = campaigns.get(_normalise(campaign_name)) if _normalise(campaign_name) else None
    if _normalise(campaign_name) and row["campaign"] is None:
        fail("campaign", _("Unknown campaign “%(name)s”.") % {"name": campaign_name})
    row["title"] = str(_cell(values, mapping, "title") or "").strip()[:100]
    row["notes"] = str(_cell(values, mapping, "notes") or "").strip()
    for key in FIGURES:
        try:
            row[key] = _count(_cell(values, mapping, key))
        except (ValueError, TypeError):
            fail(key, _("Not a whole number of 0 or more."))
    for key, index in mapping.items():
        if isinstance(key, tuple):
            try:
                row["materials"][key[1]] = _count(values[index] if index < len(values) else None)
            except (ValueError, TypeError):
                fail(key, _("Not a whole number of 0 or more."))
    confirmed = _normalise(_cell(values, mapping, "large_audience_confirmed"))
    if confirmed not in YES | NO:
        fail("large_audience_confirmed", _("Write 是 or leave it empty."))
    row["large_audience_confirmed"] = confirmed in YES
    if not errors:
        limit = max_people_per_session()
        if row["sessions"] == 0 and row["people_reached"]:
            fail("sessions", _("Enter at least one session when people were reached."))
        elif row["people_reached"] > max(row["sessions"], 1) * limit and not row["large_audience_confirmed"]:
            fail(
                "people_reached",
                _("More than %(limit)d people per session; check it or write 是 under 确认大规模受众.")
                % {"limit": limit},
            )
    return (None if errors else row), errors


@dataclass
class RegionLookup:
    by_code: dict
    names: RegionNames


def _region(values, mapping, regions, user, fail):
    """The row's region from its code or its names; both, when given, must name the same place."""
    code = str(_cell(values, mapping, "region") or "").strip().removesuffix(".0")
    parts, name_key = _name_parts(values, mapping)
    by_code = None
    if code:
        by_code = regions.by_code.get(code)
        if by_code is None:
            fail("region", _("No region has the code “%(code)s”.") % {"code": code})
            return None
        if user is not None and not region_in_scope(user, by_code):
            fail("region", _("The region “%(name)s” is outside your regions.") % {"name": by_code.name})
            return None
    if not parts:
        if by_code is None:
            fail(
                "town" if "town" in mapping else "region_name" if "region_name" in mapping else "region",
                _("Write the town (and village) of the activity."),
            )
        return by_code
    by_name, reason = regions.names.resolve(parts)
    if reason:
        fail(name_key, reason)
        return None
    if by_code is not None and by_code != by_name:
        fail(
            name_key,
            _("The code %(code)s is %(coded)s, but the names say %(named)s.")
            % {"code": code, "coded": by_code.full_name, "named": by_name.full_name},
        )
        return None
    return by_name


def _save(row, user, result):
    existing = (
        ActivityReport.objects.filter(
            date=row["date"],
            region=row["region"],
            activity_type=row["activity_type"],
            campaign=row["campaign"],
            title=row["title"],
        )
        .order_by("pk")
        .first()
    )
    report = existing.get_latest_revision_as_object() if existing else ActivityReport(live=False, reporter=user)
    fields = ("date", "region", "activity_type", "campaign", "title", "notes", "large_audience_confirmed", *FIGURES)
    if existing:
        current = {line.kind_id: line.quantity for line in report.materials.all() if line.quantity}
        wanted = {kind.pk: quantity for kind, quantity in row["materials"].items() if quantity}
        same = all(getattr(report, name) == row[name] for name in fields) and current == wanted
        if same and existing.live and not existing.has_unpublished_changes:
            result.unchanged += 1
            return
        retained = {line.kind: line.quantity for line in report.materials.all() if line.kind not in row["materials"]}
    else:
        retained = {}
    for name in fields:
        setattr(report, name, row[name])
    if report.workflow_in_progress:
        report.current_workflow_state.cancel(user=user)
    save_report(report, user, materials={**retained, **row["materials"]}, publish=True)
    if existing:
        result.updated += 1
    else:
        result.created += 1
