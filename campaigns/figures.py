"""Figures summed from counted reports: by area (a region path cut to a depth) and month, or over a subtree.

Only approved reports count, unless the filters' `include_submitted` also lets in the ones waiting for
approval; an approved report being edited counts with its approved figures until the edit is approved.
Whole months are read from the monthly summary (`campaigns.summary`), which holds exactly these rules,
the days of a month a period covers only in part from the reports; each call runs a fixed number of queries.
"""

import datetime
from collections import defaultdict
from functools import reduce
from operator import or_

from django.db.models import Count, Q, Sum
from django.db.models.functions import Left, TruncMonth

from jindu.models import Region

from .models import ActivityReport, MaterialSummary, MonthlySummary, ReportMaterial, counted_condition
from .periods import Period
from .summary.rows import month_of, next_month


def _conditions(filters, period, prefix=""):
    """The filters as a Q on reports, or on a relation to reports through `prefix`."""
    conditions = Q(**{f"{prefix}region__path__startswith": filters.region.path})
    conditions &= counted_condition(prefix, filters.include_submitted)
    conditions &= _choices(filters, prefix)
    if period is not None:
        conditions &= _days(period, prefix)
    return conditions


def _choices(filters, prefix=""):
    conditions = Q()
    if filters.campaign is not None:
        conditions &= Q(**{f"{prefix}campaign": filters.campaign})
    if filters.activity_type is not None:
        conditions &= Q(**{f"{prefix}activity_type": filters.activity_type})
    return conditions


def _days(spans, prefix=""):
    """Reports dated inside a period, or inside any of several (start, end) spans."""
    if isinstance(spans, Period):
        spans = [(spans.start, spans.end)]
    return reduce(or_, (Q(**{f"{prefix}date__gte": start, f"{prefix}date__lte": end}) for start, end in spans))


def reports_in_period(filters, period=None):
    return ActivityReport.objects.filter(_conditions(filters, period or filters.period))


def split_months(period):
    """((first month, last month) of the whole months inside the period, or None; [partial (start, end) spans])."""
    day = datetime.timedelta(days=1)
    first = month_of(period.start) if period.start.day == 1 else next_month(period.start)
    ends_a_month = period.end + day == next_month(period.end)
    last = month_of(period.end) if ends_a_month else month_of(month_of(period.end) - day)
    if first > last:
        return None, [(period.start, period.end)]
    partial = []
    if period.start < first:
        partial.append((period.start, first - day))
    if period.end >= next_month(last):
        partial.append((next_month(last), period.end))
    return (first, last), partial


def grouped(filters, period, length, subtree=None):
    """{(area path, month): {metric: value}}, areas being region paths cut to `length`.

    Whole months come from the monthly summary, the days of a month the period covers only in
    part from the reports themselves: two grouped queries each. The rows that travel are areas ×
    months, never villages or reports. `subtree` (the region's subtree) is needed for areas below it.
    """
    cells = defaultdict(lambda: defaultdict(int))
    months, partial = split_months(period)
    if months:
        _add_rows(cells, *_summary_rows(filters, months, length, subtree or [filters.region]))
    if partial:
        _add_rows(cells, *_report_rows(filters, partial, length))
    return cells


def _summary_rows(filters, months, length, subtree):
    """Rows of the areas at the grouping depth, which bring everything below them, and the own rows
    of the regions above it, selected by id so that no region join is needed."""
    depth = length // Region.steplen
    paths = {region.pk: region.path for region in subtree if region.depth <= depth}
    areas = [pk for pk, path in paths.items() if len(path) == length]
    above = [pk for pk, path in paths.items() if len(path) < length]
    # One id list and month range the covering (region, month) index answers alone, then the scope.
    conditions = Q(region_id__in=areas + above, month__gte=months[0], month__lte=months[1])
    conditions &= Q(region_id__in=areas) | Q(own=True)
    if not filters.include_submitted:
        conditions &= Q(live=True)
    conditions &= _choices(filters)
    rows = (
        MonthlySummary.objects.filter(conditions)
        .order_by()
        .values("region_id", "month")
        .annotate(s=Sum("sessions"), p=Sum("people"), h=Sum("households"), n=Sum("reports"))
    )
    lines = (
        MaterialSummary.objects.filter(conditions)
        .order_by()
        .values("region_id", "month", "kind_id")
        .annotate(q=Sum("quantity"))
    )
    return ({**row, "area": paths[row["region_id"]]} for row in rows), (
        {**row, "area": paths[row["region_id"]]} for row in lines
    )


def _report_rows(filters, spans, length):
    conditions = _conditions(filters, None) & _days(spans)
    rows = (
        ActivityReport.objects.filter(conditions)
        .order_by()
        .annotate(month=TruncMonth("date"), area=Left("region__path", length))
        .values("area", "month")
        .annotate(s=Sum("sessions"), p=Sum("people_reached"), h=Sum("households_visited"), n=Count("pk"))
    )
    lines = (
        ReportMaterial.objects.filter(_conditions(filters, None, "report__") & _days(spans, "report__"))
        .order_by()
        .annotate(month=TruncMonth("report__date"), area=Left("report__region__path", length))
        .values("area", "month", "kind_id")
        .annotate(q=Sum("quantity"))
    )
    return rows, lines


def _add_rows(cells, rows, lines):
    for row in rows:
        cell = cells[(row["area"], _as_date(row["month"]))]
        cell["sessions"] += row["s"] or 0
        cell["people"] += row["p"] or 0
        cell["households"] += row["h"] or 0
        cell["reports"] += row["n"] or 0
    for row in lines:
        cells[(row["area"], _as_date(row["month"]))][f"material:{row['kind_id']}"] += row["q"] or 0


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def add_figures(into, figures):
    for key, value in figures.items():
        into[key] = into.get(key, 0) + value


def totals(filters, period=None):
    """Every metric summed over the subtree for one period (two queries)."""
    result = {}
    for figures in grouped(filters, period or filters.period, len(filters.region.path)).values():
        add_figures(result, figures)
    return result
