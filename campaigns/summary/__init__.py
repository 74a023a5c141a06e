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

This module keeps the cells current; `rows` writes their rows.
"""

import zlib
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, pre_delete

from ..models import ReportStatus, counted_condition
from .rows import (
    any_of,
    cell_reports,
    chunks,
    delete_rows,
    fill,
    fill_ancestors,
    fill_below,
    lock_writers,
    models_now,
    month_of,
    own_or_below_rows,
    rebuild,
)

__all__ = ["connect_signals", "deferred", "rebuild", "refresh", "refresh_reports", "touches_summary", "tracking"]

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

_pending = ContextVar("campaigns_summary_pending", default=None)


def cell_of(report):
    """The cell a report's current in-memory values belong to; None while it lacks a key field."""
    if report.region_id is None or report.date is None or report.activity_type_id is None:
        return None
    return (report.region_id, month_of(report.date), report.campaign_id, report.activity_type_id)


def stored_cells(report_ids, *, lock=False, counted_only=False):
    """The cells the stored rows of these reports belong to; `lock` holds the rows until commit.

    `counted_only` leaves out the reports whose figures count nowhere (drafts, sent-back ones): no row holds them.
    """
    reports = models_now().report.objects.filter(pk__in=list(report_ids)).order_by("pk")
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
    models = models_now()
    with transaction.atomic(savepoint=False):
        above = _regions_above(models, cells)
        ancestor_cells = {(region.pk, *combo) for region, combos in above for combo in combos}
        _lock({cell[:2] for cell in cells | ancestor_cells})
        # The rows of both kinds go in one statement per table; the regions above add up the own
        # rows of every region below them, which the fill below has just made current.
        for chunk in chunks({(True, *cell) for cell in cells} | {(False, *cell) for cell in ancestor_cells}):
            delete_rows(models, any_of(chunk, own_or_below_rows))
        for chunk in chunks(cells):
            fill(models, lambda prefix, chunk=chunk: any_of(chunk, lambda *cell: cell_reports(prefix, *cell)))
        paths = {region.pk: region for region, _combos in above}
        for chunk in chunks(ancestor_cells):
            fill_ancestors(models, chunk, paths)


def _regions_above(models, cells):
    """[(region, {(month, campaign, type)})] for every region above the cells' regions, deepest first."""
    places = {region.pk: region.path for region in models.region.objects.filter(pk__in={cell[0] for cell in cells})}
    step = models.region.steplen
    paths = {path[:length] for path in places.values() for length in range(step, len(path), step)}
    return [
        (region, {cell[1:] for cell in cells if places[cell[0]].startswith(region.path)})
        for region in models.region.objects.filter(path__in=paths).order_by("-depth", "path")
    ]


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


def _report_deleting(sender, instance, **kwargs):
    instance._summary_cells = stored_cells([instance.pk], lock=True, counted_only=True)


def _report_deleted(sender, instance, **kwargs):
    refresh(getattr(instance, "_summary_cells", set()))


def _region_moved(sender, region, old_ancestor_ids, **kwargs):
    """The regions a moved region left and joined recompute their rows for everything below them."""
    models = models_now()
    moved = models.region.objects.get(pk=region.pk)
    ids = set(old_ancestor_ids) | {ancestor.pk for ancestor in moved.get_ancestors()}
    lock_writers(models)
    for ancestor in models.region.objects.filter(pk__in=ids).order_by("-depth", "path"):
        fill_below(models, ancestor, Q())


def connect_signals():
    from jindu.models.regions import region_moved

    from ..models import ActivityReport

    region_moved.connect(_region_moved, dispatch_uid="campaigns_summary_region_moved")

    pre_delete.connect(_report_deleting, sender=ActivityReport, dispatch_uid="campaigns_summary_deleting")
    post_delete.connect(_report_deleted, sender=ActivityReport, dispatch_uid="campaigns_summary_deleted")
