"""The monthly summary the dashboard reads: the counted figures per region, month, campaign and activity type.

A cell is (region, month, campaign, activity type); its rows hold the sums of the reports that
count under the roll-up rule (see `campaigns.figures`), split by `live`: approved figures, or a
never-approved report waiting for approval. The rows depend only on the report rows and their
material lines, so whenever those change the touched cells are recomputed from the reports,
inside the same transaction, never incremented. A recomputation repairs whatever it finds,
and no code path has to know what a change was worth.

Concurrency (PostgreSQL, READ COMMITTED): before recomputing, a transaction takes a
transaction-scoped advisory lock per (region, month) and holds it until it commits. The
recomputation's statements start after the lock is granted, so they see every transaction that
touched the cell before, while later ones wait and recompute after this one has committed. The
last writer of a cell therefore always sees all the others. Saving a report first locks its row
(`select_for_update`) to read the cell it leaves, so two edits of one report cannot both think
they move it out of the same cell. Locks are taken in key order within each recomputation.
On SQLite one writer at a time holds the whole database, which gives the same guarantee.

`ActivityReport.save()` and deletes keep the summary current by themselves. Code that writes
reports or lines behind the model's back (bulk_create, QuerySet.update, raw SQL) calls
`refresh_reports()` for the reports it touched, or `rebuild()`.
"""

import datetime
import zlib
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce
from operator import or_
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete, pre_delete

from .models import ReportStatus, counted_condition

# Fields of a report whose change can move its figures into, out of or between cells.
COUNTING_FIELDS = frozenset(
    {
        "date",
        "region",
        "region_id",
        "campaign",
        "campaign_id",
        "activity_type",
        "activity_type_id",
        "sessions",
        "people_reached",
        "households_visited",
        "live",
        "status",
        "materials",
    }
)
LOCK_NAMESPACE = 7007  # first key of our advisory locks, so they cannot meet another feature's
CELLS_PER_STATEMENT = 300
# Query names of the sums and of the ancestor rows' constants, and the summary columns they fill.
TOTALS = {
    "total_sessions": "sessions",
    "total_people": "people",
    "total_households": "households",
    "total_reports": "reports",
}
BELOW = {"area": "region_id", "scope_own": "own"}

_pending = ContextVar("campaigns_summary_pending", default=None)


def _models():
    from jindu.models import Region

    from .models import ActivityReport, MaterialSummary, MonthlySummary, ReportMaterial

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


def cell_of(report):
    """The cell a report's current in-memory values belong to; None while it lacks a key field."""
    if report.region_id is None or report.date is None or report.activity_type_id is None:
        return None
    return (report.region_id, month_of(report.date), report.campaign_id, report.activity_type_id)


def stored_cells(report_ids, *, lock=False, counted_only=False):
    """The cells the stored rows of these reports belong to; `lock` holds the rows until commit.

    `counted_only` leaves out the reports whose figures count nowhere (drafts, sent-back ones): no row holds them.
    """
    reports = _models().report.objects.filter(pk__in=list(report_ids)).order_by("pk")
    if counted_only:
        reports = reports.filter(counted_condition(include_submitted=True))
    if lock:
        reports = reports.select_for_update()
    return {
        (region_id, month_of(day), campaign_id, type_id)
        for region_id, day, campaign_id, type_id in reports.values_list(
            "region_id", "date", "campaign_id", "activity_type_id"
        )
    }


def is_counted(report):
    """Whether a report's in-memory values count in some summary row (see `counted_condition`)."""
    return bool(report.live) or report.status == ReportStatus.SUBMITTED


def refresh(cells):
    """Recompute the rows of these cells, and of their months in every region above, in the caller's transaction."""
    cells = {cell for cell in cells if cell is not None}
    pending = _pending.get()
    if pending is not None:
        pending.update(cells)
        return
    if not cells:
        return
    models = _models()
    with transaction.atomic(savepoint=False):
        above = _regions_above(models, cells)
        ancestor_cells = {(region.pk, *combo) for region, combos in above for combo in combos}
        _lock({cell[:2] for cell in cells | ancestor_cells})
        # The rows of both kinds go in one statement per table; the regions above add up the own
        # rows of every region below them, which the fill below has just made current.
        for chunk in _chunks({(True, *cell) for cell in cells} | {(False, *cell) for cell in ancestor_cells}):
            _delete(models, _any(chunk, _own_or_below_rows))
        for chunk in _chunks(cells):
            fill(models, lambda prefix, chunk=chunk: _any(chunk, lambda *cell: _cell_reports(prefix, *cell)))
        paths = {region.pk: region for region, _combos in above}
        for chunk in _chunks(ancestor_cells):
            _fill_ancestors(models, chunk, paths)


def _regions_above(models, cells):
    """[(region, {(month, campaign, type)})] for every region above the cells' regions, deepest first."""
    places = {region.pk: region.path for region in models.region.objects.filter(pk__in={cell[0] for cell in cells})}
    step = models.region.steplen
    paths = {path[:length] for path in places.values() for length in range(step, len(path), step)}
    return [
        (region, {cell[1:] for cell in cells if places[cell[0]].startswith(region.path)})
        for region in models.region.objects.filter(path__in=paths).order_by("-depth", "path")
    ]


def _chunks(keys):
    ordered = sorted(keys, key=lambda key: tuple(0 if part is None else part for part in key))
    return [ordered[start : start + CELLS_PER_STATEMENT] for start in range(0, len(ordered), CELLS_PER_STATEMENT)]


def _cell_rows(region_id, month, campaign_id, type_id):
    return Q(region_id=region_id, month=month, campaign_id=campaign_id, activity_type_id=type_id)


def _cell_reports(prefix, region_id, month, campaign_id, type_id):
    return Q(
        **{
            f"{prefix}region_id": region_id,
            f"{prefix}date__gte": month,
            f"{prefix}date__lt": next_month(month),
            f"{prefix}campaign_id": campaign_id,
            f"{prefix}activity_type_id": type_id,
        }
    )


def _own_or_below_rows(own, region_id, month, campaign_id, type_id):
    return Q(own=own) & _cell_rows(region_id, month, campaign_id, type_id)


def _combo_rows(month, campaign_id, type_id):
    return Q(month=month, campaign_id=campaign_id, activity_type_id=type_id)


def _any(keys, condition):
    return reduce(or_, (condition(*key) for key in keys))


def _delete(models, rows):
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


def fill_below(models, ancestor, match):
    """Replace the region's rows for the regions below it with the sums of its children's rows matching `match`."""
    _delete(models, Q(region_id=ancestor.pk, own=False) & match)
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


def _fill_ancestors(models, cells, regions):
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
            & _any(combos, _combo_rows),
        )
        for region_id, combos in by_ancestor.items()
    ]
    _insert_from(models.summary, _union([rows for rows, _lines in sums]), {**TOTALS, **BELOW})
    _insert_from(models.material_summary, _union([lines for _rows, lines in sums]), {"total": "quantity", **BELOW})


def _union(querysets):
    first, *others = querysets
    return first.union(*others, all=True) if others else first


def refresh_reports(report_ids):
    """Recompute the cells of these stored reports, e.g. after a bulk_create or QuerySet.update."""
    refresh(stored_cells(report_ids))


def _lock(region_months):
    """Advisory locks on (region id, month) pairs until commit, taken in key order within the call."""
    if connection.vendor != "postgresql":
        return
    keys = sorted({zlib.crc32(f"{region_id}:{month:%Y-%m}".encode()) - 2**31 for region_id, month in region_months})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, key) FROM unnest(%s::integer[]) AS key", [LOCK_NAMESPACE, keys]
        )


@contextmanager
def deferred():
    """Collect the cells touched in the block and recompute each once at its end, in the same transaction.

    For imports and other loops over many reports; the block must run inside `transaction.atomic`.
    """
    if _pending.get() is not None:
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("summary.deferred() must run inside a transaction")
    cells = set()
    token = _pending.set(cells)
    try:
        yield
    finally:
        _pending.reset(token)
    refresh(cells)


@contextmanager
def tracking(report):
    """Around a report's save: recompute the cell it leaves and the cell it lands in.

    A report that counted nowhere before the save and counts nowhere after it changes no row, so
    neither cell is recomputed then.
    """
    with transaction.atomic(savepoint=False):
        stored = report.pk is not None and not report._state.adding
        before = stored_cells([report.pk], lock=True, counted_only=True) if stored else set()
        yield
        # Whatever update_fields wrote, the row counts after the save only if it did before or the instance does.
        if before or is_counted(report):
            refresh(before | {cell_of(report)})


def touches_summary(update_fields):
    return update_fields is None or bool(COUNTING_FIELDS.intersection(update_fields))


@transaction.atomic
def rebuild(models=None):
    """Recompute the whole summary from the reports; returns (summary rows, material rows).

    Writers of reports wait until it commits (readers do not), so no change can slip between
    the delete and the fill.
    """
    models = models or _models()
    _lock_writers(models)
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


def _lock_writers(models):
    """Make writers of reports wait until this transaction commits; readers go on."""
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (models.report, models.material))
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")


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


def _insert_from(model, queryset, columns):
    """INSERT INTO the model's table the rows of a values() queryset; `columns` renames its names to columns."""
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    names = [alias for _expression, _sql, alias in compiler.select]
    quote = connection.ops.quote_name
    targets = ", ".join(quote(columns.get(name, name)) for name in names)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({targets}) {sql}", params)


def _report_deleting(sender, instance, **kwargs):
    instance._summary_cells = stored_cells([instance.pk], lock=True, counted_only=True)


def _report_deleted(sender, instance, **kwargs):
    refresh(getattr(instance, "_summary_cells", set()))


def _region_moved(sender, region, old_ancestor_ids, **kwargs):
    """The regions a moved region left and joined recompute their rows for everything below them."""
    models = _models()
    moved = models.region.objects.get(pk=region.pk)
    ids = set(old_ancestor_ids) | {ancestor.pk for ancestor in moved.get_ancestors()}
    _lock_writers(models)
    for ancestor in models.region.objects.filter(pk__in=ids).order_by("-depth", "path"):
        fill_below(models, ancestor, Q())


def connect_signals():
    from jindu.models.regions import region_moved

    from .models import ActivityReport

    region_moved.connect(_region_moved, dispatch_uid="campaigns_summary_region_moved")

    pre_delete.connect(_report_deleting, sender=ActivityReport, dispatch_uid="campaigns_summary_deleting")
    post_delete.connect(_report_deleted, sender=ActivityReport, dispatch_uid="campaigns_summary_deleted")
