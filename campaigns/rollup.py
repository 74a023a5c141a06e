"""The roll-up rule: what a region subtree achieved in a period, against targets and the year before.

The figures are summed by `campaigns.figures` (counted reports only, a fixed number of queries however
many reports there are); here they are laid out by month, area and town and held against the targets.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from jindu.models import MaterialKind, Region
from jindu.models.regions import RegionLevel

from .figures import add_figures, grouped, totals
from .models import Metric, Target
from .periods import MONTH, QUARTER, YEAR, Period

BASE_METRICS = [
    (Metric.SESSIONS.value, _("Sessions held"), "场"),
    (Metric.PEOPLE.value, _("People reached"), "人次"),
    (Metric.HOUSEHOLDS.value, _("Households visited"), "户"),
]


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


def rollup(filters):
    """Totals, year-over-year, monthly trend, areas, town ranking and targets for the filters."""
    region = filters.region
    subtree = list(Region.objects.in_subtree(region).only("id", "path", "depth", "name", "level", "code"))
    town_lengths = [len(item.path) for item in subtree if item.level == RegionLevel.TOWN]
    length = max([len(region.path) + Region.steplen, *town_lengths[:1]])
    period = filters.period
    current = grouped(filters, period, length, subtree)
    before = grouped(filters, period.previous_year(), length, subtree)

    months = period.months()
    totals_now, totals_before, monthly, previous_monthly = {}, {}, defaultdict(dict), defaultdict(dict)
    report_count = 0
    for (_region_id, month), figures in current.items():
        report_count += figures.get("reports", 0)
        add_figures(totals_now, figures)
        add_figures(monthly[month], figures)
    for (_region_id, month), figures in before.items():
        add_figures(totals_before, figures)
        add_figures(previous_monthly[datetime.date(month.year + 1, month.month, 1)], figures)
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
            add_figures(row.figures, figures)
        town_path = next(
            (area[:length] for length in range(steplen, len(area) + 1, steplen) if area[:length] in towns_by_path), None
        )
        if town_path is not None:
            town_row = town_rows[town_path]
            add_figures(town_row.figures, figures)
            add_figures(town_row.figures.setdefault(("month", month), {}), figures)
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
    from schools.awareness import awareness_rate as quiz_awareness_rate

    return quiz_awareness_rate(start=period.start, end=period.end, region=region).percent
