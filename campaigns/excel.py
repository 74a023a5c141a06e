"""Workbooks: the export of a filtered view, and the import template. Text never becomes a formula."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from jindu.models import Campaign, MaterialKind, Region
from jindu.spreadsheets import safe_cell, sheet_title

from . import dashboard
from .figures import reports_in_period
from .models import ActivityType, ReportMaterial, ReportStatus

FIGURE_FORMAT = "#,##0"
PERCENT_FORMAT = "#,##0.0"

# Import columns, in the template's order: (key, Chinese header, English header).
COLUMNS = [
    ("date", "日期", "date"),
    ("region", "地区代码", "region code"),
    ("activity_type", "活动类型", "activity type"),
    ("campaign", "宣传活动", "campaign"),
    ("title", "活动名称", "activity"),
    ("sessions", "场次", "sessions"),
    ("people_reached", "受众人数", "people reached"),
    ("households_visited", "入户数", "households visited"),
    ("large_audience_confirmed", "确认大规模受众", "large audience confirmed"),
    ("notes", "备注", "notes"),
]

# Where the code is not known, the place by name: a town column and a village column, or one column
# with the names joined by "/" (五通镇/竹山村). Names are looked up inside the importing office's regions.
REGION_NAME_COLUMNS = [
    ("town", "乡镇", "town"),
    ("village", "村（社区）", "village"),
    ("region_name", "地区", "region name"),
]
TEMPLATE_NOTES = [
    "每行一份活动报表；全部行无误才会导入，有一行出错则一行也不导入。",
    "地点：填“乡镇”（如 五通镇），村里的活动再填“村（社区）”（如 竹山村）；名称按本单位负责的地区查找。",
    "也可以只填一列“地区”，写成 五通镇 或 五通镇/竹山村；重名时在前面加上区县，如 临桂区/五通镇。",
    "知道地区代码的，可填“地区代码”（9 位乡镇代码或 12 位村代码），此时可不填名称；两者都填时须指向同一地区。",
    "日期写成 2024-06-26；活动类型、宣传活动须与“可选值”表中的名称一致；数字填 0 或正整数。",
]


def _row(sheet, values):
    """A row of safe text, and numbers as cells grouped by thousands (230,000)."""
    return [_figure(sheet, value) for value in values]


def _figure(sheet, value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        return safe_cell(value, sheet)
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = FIGURE_FORMAT if isinstance(value, int) else PERCENT_FORMAT
    return cell


def material_header(kind):
    return f"{kind.name}（{kind.unit}）"


def export_filename(filters):
    return f"campaigns-{filters.region.code}-{filters.period.start:%Y%m%d}-{filters.period.end:%Y%m%d}.xlsx"


def export_workbook(filters, progress=None):
    """A summary sheet with the dashboard's figures and a sheet of the reports behind them.

    `progress(rows)` is called as the report rows are written (a job's progress bar).
    """
    data = dashboard.build(filters)
    result = data["result"]
    workbook = Workbook(write_only=True)

    summary = workbook.create_sheet(pgettext("workbook sheet", "Summary"))
    summary.append(_row(summary, [_("Region"), filters.region.full_name]))
    summary.append(
        _row(
            summary,
            [_("Period"), filters.period.label, f"{filters.period.start:%Y-%m-%d}", f"{filters.period.end:%Y-%m-%d}"],
        )
    )
    summary.append(_row(summary, [_("Campaign"), filters.campaign.name if filters.campaign else _("All")]))
    summary.append(
        _row(summary, [_("Activity type"), filters.activity_type.name if filters.activity_type else _("All")])
    )
    summary.append(
        _row(
            summary,
            [_("Counted"), _("Approved and submitted reports") if filters.include_submitted else _("Approved reports")],
        )
    )
    summary.append(_row(summary, [_("Reports"), result.report_count]))
    summary.append([])
    summary.append(
        _row(
            summary,
            [
                _("Metric"),
                _("Unit"),
                _("Total"),
                _("A year before"),
                _("Change"),
                _("Change %"),
                _("Target"),
                _("% of target"),
            ],
        )
    )
    for headline in data["headlines"]:
        progress = headline.progress
        summary.append(
            _row(
                summary,
                [
                    str(headline.metric.label),
                    headline.metric.unit,
                    headline.total,
                    headline.change.previous,
                    headline.change.difference,
                    headline.change.percent,
                    progress.target if progress else None,
                    progress.percent if progress else None,
                ],
            )
        )
    summary.append([])
    metrics = [metric for metric in result.metrics if metric in [h.metric for h in data["headlines"]]]
    summary.append(_row(summary, [_("Area"), _("Code"), *[str(metric.label) for metric in metrics]]))
    for area in data["areas"]:
        name = area.region.name + (_(" (own reports)") if area.is_self else "")
        summary.append(
            _row(summary, [name, area.region.code, *[area.figures.get(metric.key, 0) for metric in metrics]])
        )
    summary.append([])
    summary.append(_row(summary, [_("Month"), *[str(metric.label) for metric in metrics]]))
    for month in result.months:
        figures = result.monthly.get(month, {})
        summary.append(_row(summary, [f"{month:%Y-%m}", *[figures.get(metric.key, 0) for metric in metrics]]))

    _report_sheet(workbook, filters, progress)
    return workbook


def _report_sheet(workbook, filters, progress=None):
    """One row per counted report, streamed: plain tuples, names from small lookups, lines merged in order."""
    kinds = list(MaterialKind.objects.order_by("sort_order", "name"))
    sheet = workbook.create_sheet(_("Reports"))
    sheet.append(
        _row(
            sheet,
            [
                "ID",
                *[chinese for _key, chinese, _english in COLUMNS[:8]],
                *[material_header(kind) for kind in kinds],
                "地区",
                "状态",
                "填报人",
                "备注",
            ],
        )
    )
    reports = reports_in_period(filters).order_by("date", "pk")
    regions = {
        pk: (code, name)
        for pk, code, name in Region.objects.in_subtree(filters.region).values_list("pk", "code", "name")
    }
    types = dict(ActivityType.objects.values_list("pk", "name"))
    campaigns = dict(Campaign.objects.values_list("pk", "name"))
    reporters = {user.pk: str(user) for user in get_user_model().objects.filter(pk__in=reports.values("reporter_id"))}
    statuses = {value: str(label) for value, label in ReportStatus.choices}
    lines = (
        ReportMaterial.objects.filter(report__in=reports.values("pk"))
        .order_by("report__date", "report_id")
        .values_list("report_id", "kind_id", "quantity")
        .iterator(chunk_size=5000)
    )
    line = next(lines, None)
    fields = ("pk", "date", "region_id", "activity_type_id", "campaign_id", "title", "sessions", "people_reached")
    fields += ("households_visited", "status", "reporter_id", "notes")
    rows = reports.values_list(*fields).iterator(chunk_size=5000)
    for written, (pk, day, region_id, type_id, campaign_id, title, *figures, status, reporter_id, notes) in enumerate(
        rows, 1
    ):
        if progress is not None and written % 1000 == 0:
            progress(written)
        quantities = {}
        while line is not None and line[0] == pk:
            quantities[line[1]] = line[2]
            line = next(lines, None)
        code, name = regions[region_id]
        sheet.append(
            _row(
                sheet,
                [
                    pk,
                    day,
                    code,
                    types.get(type_id, ""),
                    campaigns.get(campaign_id, ""),
                    title,
                    *figures,
                    *[quantities.get(kind.pk, 0) for kind in kinds],
                    name,
                    statuses.get(status, status),
                    reporters.get(reporter_id, ""),
                    notes,
                ],
            )
        )


def template_workbook():
    """The import template: one header row, an example, and sheets listing the accepted names."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "活动报表"
    kinds = list(MaterialKind.objects.filter(active=True))
    names = [chinese for _key, chinese, _english in REGION_NAME_COLUMNS[:2]]
    columns = [chinese for _key, chinese, _english in COLUMNS]
    sheet.append([columns[0], *names, *columns[1:], *[material_header(kind) for kind in kinds]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    notes = workbook.create_sheet("填写说明")
    for line in TEMPLATE_NOTES:
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    lists = workbook.create_sheet("可选值")
    lists.append(["活动类型", "宣传活动", "宣传资料"])
    types = list(ActivityType.objects.filter(active=True).values_list("name", flat=True))
    campaigns = list(Campaign.objects.values_list("name", flat=True))
    names = [material_header(kind) for kind in kinds]
    for index in range(max(len(types), len(campaigns), len(names))):
        lists.append(
            _row(
                lists,
                [
                    types[index] if index < len(types) else None,
                    campaigns[index] if index < len(campaigns) else None,
                    names[index] if index < len(names) else None,
                ],
            )
        )
    return workbook


# Percentages are stored as the figure the bulletin prints (12.5 for 12.5%), shown with the sign and "%" it has there.
CHANGE_FORMAT = '+#,##0.0"%";-#,##0.0"%";0.0"%"'
RATE_FORMAT = '#,##0.0"%"'


def _number(sheet, value, number_format):
    if value is None:
        return "—"
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _year_over_year(sheet, headline):
    if headline.change.percent is not None:
        return _number(sheet, headline.change.percent, CHANGE_FORMAT)
    return _("new") if headline.total else "—"


def bulletin_workbook(context, filters, site_settings, number, issued):
    """The monthly bulletin (月通报) as one sheet: the printed page's header, figures and town ranking, in order."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(_("Monthly bulletin")))

    def heading(text, size=None):
        value = safe_cell(str(text), sheet)
        cell = WriteOnlyCell(sheet, value=value) if isinstance(value, str) else value
        cell.font = Font(bold=True, size=size)
        sheet.append([cell])

    if site_settings.header_title:
        heading(site_settings.header_title, 16)
    if site_settings.document_code:
        sheet.append(
            _row(
                sheet,
                [
                    _("%(code)s 〔%(year)s〕 No. %(number)s")
                    % {"code": site_settings.document_code, "year": filters.period.start.year, "number": number}
                ],
            )
        )
    heading(context["title"], 14)
    period = f"{filters.period.start:%Y-%m-%d} — {filters.period.end:%Y-%m-%d}"
    sheet.append(_row(sheet, [_("Region"), filters.region.full_name]))
    sheet.append(_row(sheet, [_("Period"), period]))
    sheet.append(_row(sheet, [_("Reports"), context["result"].report_count]))
    if filters.include_submitted:
        sheet.append(_row(sheet, [_("Reports awaiting approval are included.")]))
    sheet.append([])

    heading(_("1. Figures of the month"))
    sheet.append(
        _row(
            sheet,
            [
                _("Metric"),
                _("This month"),
                _("Same month a year before"),
                _("Year over year"),
                _("Completion rate"),
            ],
        )
    )
    for headline in context["headlines"]:
        progress = headline.progress.percent if headline.progress else None
        sheet.append(
            [
                safe_cell(f"{headline.metric.label}（{headline.metric.unit}）", sheet),
                _number(sheet, headline.total, FIGURE_FORMAT),
                _number(sheet, headline.change.previous, FIGURE_FORMAT),
                _year_over_year(sheet, headline),
                _number(sheet, progress, RATE_FORMAT),
            ]
        )
    change = context["awareness_change"]
    sheet.append(
        [
            str(_("Awareness rate (public quizzes)")),
            _number(sheet, context["awareness_rate"], RATE_FORMAT),
            _number(sheet, context["awareness_before"], RATE_FORMAT),
            _("%(change)s points") % {"change": change} if change is not None else "—",
            "—",
        ]
    )
    if context["result"].targets:
        sheet.append(_row(sheet, [f"{_('Completion rate:')} {context['basis_label']}"]))

    if context["towns"]:
        metrics = context["ranking_metrics"]
        sheet.append([])
        heading(_("2. Towns ranked by %(metric)s") % {"metric": context["metric"].label})
        sheet.append(_row(sheet, [_("Rank"), _("Town"), *[str(metric.label) for metric in metrics]]))
        for row in context["towns"]:
            sheet.append(
                _row(sheet, [row.rank, row.region.name, *[row.figures.get(metric.key, 0) or 0 for metric in metrics]])
            )

    sheet.append([])
    if site_settings.signature:
        sheet.append(_row(sheet, [site_settings.signature]))
    sheet.append(_row(sheet, [f"{issued:%Y-%m-%d}"]))
    sheet.append(_row(sheet, [_("Only reports approved by the office are counted unless stated otherwise.")]))
    if site_settings.distribution:
        sheet.append(_row(sheet, [f"{_('Copies to:')} {site_settings.distribution}"]))
    return workbook


def bulletin_filename(context, number):
    return f"{context['title']}-{number}.xlsx"
