"""The roll-up rule: what a region subtree achieved in a period, against targets and the year before.

Only approved reports count, unless `include_submitted` also lets in the ones waiting for approval.
An approved report that is being edited counts with its approved figures until the edit is approved.
Every function here runs a fixed number of queries, however many reports there are: whole months
are read from the monthly summary (`campaigns.summary`), which holds exactly these rules.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, Q, Sum
from django.db.models.functions import Left, TruncMonth
from django.utils.translation import gettext_lazy as _

from jindu.models import MaterialKind, Region
from jindu.models.regions import RegionLevel

from .models import (
    ActivityReport,
    MaterialSummary,
    Metric,
    MonthlySummary,
    ReportMaterial,
    Target,
    counted_condition,
)
from .periods import MONTH, QUARTER, YEAR, Period
from .summary import month_of, next_month

BASE_METRICS = [
    (Metric.SESSIONS.value, _("Sessions held"), "场"),
    (Metric.PEOPLE.value, _("People reached"), "人次"),
    (Metric.HOUSEHOLDS.value, _("Households visited"), "户"),
]
REPORT_FIELDS = {
    Metric.SESSIONS.value: "sessions",
    Metric.PEOPLE.value: "people_reached",
    "households": "households_visited",
}


@dataclass(frozen=True)
class Filters:
    region: Region
    period: Period
    campaign: object = None
    activity_type: object = None
    include_submitted: bool = False


@dataclass(frozen=True)
class MetricInfo:
    key: str
    label: str
    unit: str


@dataclass
class Change:
    current: int
    previous: int

    @property
    def difference(self):
        return self.current - self.previous

    @property
    def percent(self):
        """Change against the year before in percent; None when the year before had nothing."""
        if not self.previous:
            return None
        return round(100 * (self.current - self.previous) / self.previous, 1)


@dataclass
class Progress:
    target: int
    achieved: int

    @property
    def percent(self):
        return round(100 * self.achieved / self.target, 1) if self.target else None


@dataclass
class AreaRow:
    region: Region
    figures: dict
    rank: int = 0
    is_self: bool = False


@dataclass
class Rollup:
    filters: Filters
    metrics: list
    totals: dict
    previous: dict
    report_count: int
    months: list
    monthly: dict
    previous_monthly: dict
    children: list = field(default_factory=list)
    towns: list = field(default_factory=list)
    targets: dict = field(default_factory=dict)
    target_basis: str = ""

    def changes(self):
        return {m.key: Change(self.totals.get(m.key, 0), self.previous.get(m.key, 0)) for m in self.metrics}

    def heat(self, metric):
        """Towns × months for one metric: (town, [value per month]) rows."""
        return [
            (row.region, [row.figures.get(("month", month), {}).get(metric, 0) for month in self.months])
            for row in self.towns
        ]


def metrics():
    """Sessions, people, households, then one metric per material kind."""
    kinds = MaterialKind.objects.order_by("sort_order", "name")
    return [MetricInfo(key, label, unit) for key, label, unit in BASE_METRICS] + [
        MetricInfo(f"material:{kind.pk}", kind.name, kind.unit) for kind in kinds
    ]


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


def _grouped(filters, period, length, subtree=None):
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


def _add(into, figures):
    for key, value in figures.items():
        into[key] = into.get(key, 0) + value


def totals(filters, period=None):
    """Every metric summed over the subtree for one period (two queries)."""
    result = {}
    for figures in _grouped(filters, period or filters.period, len(filters.region.path)).values():
        _add(result, figures)
    return result


def rollup(filters):
    """Totals, year-over-year, monthly trend, areas, town ranking and targets for the filters."""
    region = filters.region
    subtree = list(Region.objects.in_subtree(region).only("id", "path", "depth", "name", "level", "code"))
    town_lengths = [len(item.path) for item in subtree if item.level == RegionLevel.TOWN]
    length = max([len(region.path) + Region.steplen, *town_lengths[:1]])
    period = filters.period
    current = _grouped(filters, period, length, subtree)
    before = _grouped(filters, period.previous_year(), length, subtree)

    months = period.months()
    totals_now, totals_before, monthly, previous_monthly = {}, {}, defaultdict(dict), defaultdict(dict)
    report_count = 0
    for (_region_id, month), figures in current.items():
        report_count += figures.get("reports", 0)
        _add(totals_now, figures)
        _add(monthly[month], figures)
    for (_region_id, month), figures in before.items():
        _add(totals_before, figures)
        _add(previous_monthly[datetime.date(month.year + 1, month.month, 1)], figures)
    totals_now.pop("reports", None)
    totals_before.pop("reports", None)

    children, towns = _areas(region, subtree, current)
    result = Rollup(
        filters=filters,
        metrics=metrics(),
        totals=totals_now,
        previous=totals_before,
        report_count=report_count,
        months=months,
        monthly=dict(monthly),
        previous_monthly=dict(previous_monthly),
        children=children,
        towns=towns,
    )
    result.targets, result.target_basis = _targets(filters, subtree, totals_now)
    return result


def _areas(region, subtree, cells):
    """Rows for the region's direct children (with the region's own reports) and for its towns."""
    steplen = Region.steplen
    paths = {item.path: item for item in subtree}
    towns_by_path = {item.path: item for item in subtree if item.level == RegionLevel.TOWN}
    child_rows = {region.path: AreaRow(region=region, figures={}, is_self=True)}
    for item in subtree:
        if item.depth == region.depth + 1:
            child_rows[item.path] = AreaRow(region=item, figures={})
    town_rows = {path: AreaRow(region=town, figures={}) for path, town in towns_by_path.items()}
    for (area, month), figures in cells.items():
        child_path = area[: len(region.path) + steplen] if area != region.path else region.path
        row = child_rows.get(child_path)
        if row is None and child_path in paths:
            row = child_rows[child_path] = AreaRow(region=paths[child_path], figures={})
        if row is not None:
            _add(row.figures, figures)
        town_path = next(
            (area[:length] for length in range(steplen, len(area) + 1, steplen) if area[:length] in towns_by_path), None
        )
        if town_path is not None:
            town_row = town_rows[town_path]
            _add(town_row.figures, figures)
            _add(town_row.figures.setdefault(("month", month), {}), figures)
    children = [row for row in child_rows.values() if not row.is_self or row.figures]
    children.sort(key=lambda row: (not row.is_self, row.region.path))
    return children, list(town_rows.values())


def rank_towns(towns, metric):
    """Towns ordered by one metric, best first; equal figures share a rank."""
    ordered = sorted(towns, key=lambda row: (-row.figures.get(metric, 0), row.region.code))
    rank, last = 0, None
    for position, row in enumerate(ordered, start=1):
        value = row.figures.get(metric, 0)
        if value != last:
            rank, last = position, value
        row.rank = rank
    return ordered


def _targets(filters, subtree, achieved):
    """Progress against the region's targets for the campaign, or for the year of the period.

    A region without its own target for a metric takes the sum of its direct children's targets.
    A month is held against a twelfth of the year's target and a quarter against a quarter of it,
    so that a month's rate says how that month went; a target too small to share out gives no rate.
    Any other span within one year compares the year to date with the whole year's target.
    """
    region, period = filters.region, filters.period
    children = [item.pk for item in subtree if item.depth == region.depth + 1]
    targets = Target.objects.filter(region_id__in=[region.pk, *children])
    if filters.campaign is not None:
        targets = targets.filter(campaign=filters.campaign)
        basis = "campaign"
    elif period.single_year:
        targets = targets.filter(year=period.start.year, campaign__isnull=True)
        basis = "year"
    else:
        return {}, ""
    own, from_children = {}, defaultdict(int)
    for target in targets:
        if target.region_id == region.pk:
            own[target.metric_key] = target.value
        else:
            from_children[target.metric_key] += target.value
    values = {**from_children, **own}
    if not values:
        return {}, basis
    if basis == "year" and period.kind in SHARE_OF_YEAR:
        basis, months = period.kind, SHARE_OF_YEAR[period.kind]
        shares = {key: _share(value, months) for key, value in values.items()}
        return {key: Progress(share, achieved.get(key, 0)) for key, share in shares.items() if share}, basis
    if basis == "year" and period.kind != YEAR:
        basis = "year_to_date"
        achieved = totals(filters, Period.range(datetime.date(period.end.year, 1, 1), period.end))
    return {key: Progress(value, achieved.get(key, 0)) for key, value in values.items()}, basis


# Months of the year a period's target share stands for.
SHARE_OF_YEAR = {MONTH: 1, QUARTER: 3}


def _share(yearly, months):
    """The part of a yearly target that falls to so many months, rounded half up."""
    return int(Decimal(yearly * months) / 12 + Decimal("0.5"))


def awareness_rate(region, period):
    """禁毒知识知晓率 from the public quizzes for the region and period, as a percentage (None: nobody took one)."""
    from schools.rates import awareness_rate as quiz_awareness_rate

    return quiz_awareness_rate(start=period.start, end=period.end, region=region).percent
