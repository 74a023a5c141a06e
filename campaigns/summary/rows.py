"""The monthly summary's rows: which rows a cell's reports make, and the SQL that writes them (see the package).

Every sum is computed by the database (INSERT … SELECT); `rebuild()` writes the whole summary that way.
"""

import datetime
from functools import reduce
from operator import or_
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import TruncMonth

from ..models import counted_condition

CELLS_PER_STATEMENT = 300
# Query names of the sums and of the ancestor rows' constants, and the summary columns they fill.
TOTALS = {
    "total_sessions": "sessions",
    "total_people": "people",
    "total_households": "households",
    "total_reports": "reports",
}
BELOW = {"area": "region_id", "scope_own": "own"}


def models_now():
    """The summary's models as the code has them (a migration passes its historical models instead)."""
    from jindu.models import Region

    from ..models import ActivityReport, MaterialSummary, MonthlySummary, ReportMaterial

    return SimpleNamespace(
        region=Region,
        report=ActivityReport,
        material=ReportMaterial,
        summary=MonthlySummary,
        material_summary=MaterialSummary,
    )


def month_of(day):
    return day.replace(day=1)


def next_month(month):
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def chunks(keys):
    ordered = sorted(keys, key=lambda key: tuple(0 if part is None else part for part in key))
    return [ordered[start : start + CELLS_PER_STATEMENT] for start in range(0, len(ordered), CELLS_PER_STATEMENT)]


def _cell_rows(region_id, month, campaign_id, type_id):
    return Q(region_id=region_id, month=month, campaign_id=campaign_id, activity_type_id=type_id)


def cell_reports(prefix, region_id, month, campaign_id, type_id):
    return Q(
        **{
            f"{prefix}region_id": region_id,
            f"{prefix}date__gte": month,
            f"{prefix}date__lt": next_month(month),
            f"{prefix}campaign_id": campaign_id,
            f"{prefix}activity_type_id": type_id,
        }
    )


def own_or_below_rows(own, region_id, month, campaign_id, type_id):
    return Q(own=own) & _cell_rows(region_id, month, campaign_id, type_id)


def _combo_rows(month, campaign_id, type_id):
    return Q(month=month, campaign_id=campaign_id, activity_type_id=type_id)


def any_of(keys, condition):
    return reduce(or_, (condition(*key) for key in keys))


def delete_rows(models, rows):
    """DELETE the matching rows of both summary tables, one statement each.

    Summary rows are written by SQL and have nothing that follows their deletion, so no collector
    needs to read them first (QuerySet.delete() would, since tracked models have delete signals).
    """
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (models.summary, models.material_summary):
            sql, params = model.objects.filter(rows).order_by().values("pk").query.sql_with_params()
            table = quote(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE {quote(model._meta.pk.column)} IN ({sql})", params)


def fill(models, match):
    """Insert the own rows of the counted reports matching `match(prefix)`, computed by the database."""
    reports = (
        models.report.objects.filter(counted_condition(include_submitted=True), match(""))
        .order_by()
        .values("region_id", "campaign_id", "activity_type_id", "live", month=TruncMonth("date"), own=Value(True))
        .annotate(
            total_sessions=Sum("sessions"),
            total_people=Sum("people_reached"),
            total_households=Sum("households_visited"),
            total_reports=Count("pk"),
        )
    )
    _insert_from(models.summary, reports, TOTALS)
    lines = (
        models.material.objects.filter(counted_condition("report__", include_submitted=True), match("report__"))
        .order_by()
        .values(
            "kind_id",
            region=F("report__region_id"),
            month=TruncMonth("report__date"),
            campaign=F("report__campaign_id"),
            activity_type=F("report__activity_type_id"),
            report_live=F("report__live"),
            own=Value(True),
        )
        .annotate(total=Sum("quantity"))
    )
    _insert_from(
        models.material_summary,
        lines,
        {
            "region": "region_id",
            "campaign": "campaign_id",
            "activity_type": "activity_type_id",
            "report_live": "live",
            "total": "quantity",
        },
    )


def fill_below(models, ancestor, match):
    """Replace the region's rows for the regions below it with the sums of its children's rows matching `match`."""
    delete_rows(models, Q(region_id=ancestor.pk, own=False) & match)
    rows, lines = _sums_for(
        models, ancestor, Q(region__path__startswith=ancestor.path, region__depth=ancestor.depth + 1) & match
    )
    _insert_from(models.summary, rows, {**TOTALS, **BELOW})
    _insert_from(models.material_summary, lines, {"total": "quantity", **BELOW})


def _sums_for(models, ancestor, rows_below):
    """values() querysets of the ancestor's rows for the regions below: the sums of the summary rows `rows_below`."""
    keys = ("month", "campaign_id", "activity_type_id", "live")
    rows = (
        models.summary.objects.filter(rows_below)
        .order_by()
        .values(*keys, area=Value(ancestor.pk), scope_own=Value(False))
        .annotate(
            total_sessions=Sum("sessions"),
            total_people=Sum("people"),
            total_households=Sum("households"),
            total_reports=Sum("reports"),
        )
    )
    lines = (
        models.material_summary.objects.filter(rows_below)
        .order_by()
        .values(*keys, "kind_id", area=Value(ancestor.pk), scope_own=Value(False))
        .annotate(total=Sum("quantity"))
    )
    return rows, lines


def fill_ancestors(models, cells, regions):
    """Insert the rows for the regions below of these (ancestor id, month, campaign, type) cells, one statement a table.

    An ancestor's row adds up the own rows of every region below it, which is what its children's rows add up to.
    """
    by_ancestor = {}
    for region_id, *combo in cells:
        by_ancestor.setdefault(region_id, []).append(combo)
    sums = [
        _sums_for(
            models,
            regions[region_id],
            Q(own=True, region__path__startswith=regions[region_id].path, region__depth__gt=regions[region_id].depth)
            & any_of(combos, _combo_rows),
        )
        for region_id, combos in by_ancestor.items()
    ]
    _insert_from(models.summary, _union([rows for rows, _lines in sums]), {**TOTALS, **BELOW})
    _insert_from(models.material_summary, _union([lines for _rows, lines in sums]), {"total": "quantity", **BELOW})


def _union(querysets):
    first, *others = querysets
    return first.union(*others, all=True) if others else first


def _insert_from(model, queryset, columns):
    """INSERT INTO the model's table the rows of a values() queryset; `columns` renames its names to columns."""
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    names = [alias for _expression, _sql, alias in compiler.select]
    quote = connection.ops.quote_name
    targets = ", ".join(quote(columns.get(name, name)) for name in names)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({targets}) {sql}", params)


@transaction.atomic
def rebuild(models=None):
    """Recompute the whole summary from the reports; returns (summary rows, material rows).

    Writers of reports wait until it commits (readers do not), so no change can slip between
    the delete and the fill.
    """
    models = models or models_now()
    lock_writers(models)
    models.summary.objects.all().delete()
    models.material_summary.objects.all().delete()
    fill(models, lambda prefix: Q())
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner would scan the whole table for each region below.
        tables = ", ".join(
            connection.ops.quote_name(m._meta.db_table) for m in (models.summary, models.material_summary)
        )
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
    for region in models.region.objects.filter(numchild__gt=0).order_by("-depth", "path"):
        fill_below(models, region, Q())
    return models.summary.objects.count(), models.material_summary.objects.count()


def lock_writers(models):
    """Make writers of reports wait until this transaction commits; readers go on."""
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (models.report, models.material))
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")
