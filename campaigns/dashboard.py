"""What the dashboard, the bulletin and the export show, computed once from the roll-up."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from jindu.formats import short_month

from . import charts
from .rollup import Filters, awareness_rate, rank_towns, rollup

BASIS_LABELS = {
    "year": _("Target for the year"),
    "year_to_date": _("Year to date against the year's target"),
    "campaign": _("Target for the campaign"),
}


@dataclass
class Headline:
    metric: object
    total: int
    change: object
    progress: object


def build(filters: Filters, metric_key="sessions"):
    """The dashboard's figures for the filters; `metric_key` picks the metric of charts, ranking and heat table."""
    result = rollup(filters)
    keys = {metric.key for metric in result.metrics}
    if metric_key not in keys:
        metric_key = "sessions"
    chosen = next(metric for metric in result.metrics if metric.key == metric_key)
    changes = result.changes()
    headlines = [
        Headline(metric, result.totals.get(metric.key, 0), changes[metric.key], result.targets.get(metric.key))
        for metric in result.metrics
        if not metric.key.startswith("material:")
        or result.totals.get(metric.key)
        or result.previous.get(metric.key)
        or metric.key in result.targets
    ]
    month_labels = [short_month(month) if filters.period.single_year else f"{month:%Y-%m}" for month in result.months]
    current = [result.monthly.get(month, {}).get(metric_key, 0) for month in result.months]
    before = [result.previous_monthly.get(month, {}).get(metric_key, 0) for month in result.months]
    towns = rank_towns(result.towns, metric_key)
    heat_rows = result.heat(metric_key)
    highest = max((value for _town, values in heat_rows for value in values), default=0)
    return {
        "result": result,
        "metric": chosen,
        "headlines": headlines,
        "basis_label": BASIS_LABELS.get(result.target_basis, ""),
        "awareness_rate": awareness_rate(filters.region, filters.period),
        "month_labels": month_labels,
        "monthly_rows": list(zip(month_labels, current, before, strict=True)),
        "bar_chart": charts.bar_chart(month_labels, current),
        "line_chart": charts.line_chart(
            month_labels,
            [(str(_("This period")), "current", current), (str(_("A year before")), "previous", before)],
        ),
        "towns": towns,
        "heat_rows": [
            (town, [(value, charts.heat_level(value, highest)) for value in values]) for town, values in heat_rows
        ],
        "areas": result.children,
    }
