"""What the dashboard, the bulletin and the export show, computed once from the roll-up."""

from dataclasses import dataclass, replace

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from jindu.formats import short_month

from . import charts
from .periods import MONTH, Period
from .rollup import Filters, awareness_rate, rank_towns, rollup

BASIS_LABELS = {
    "year": _("Target for the year"),
    "year_to_date": _("Year to date against the year's target"),
    "month": _("The month against a twelfth of the year's target"),
    "quarter": _("The quarter against a quarter of the year's target"),
    "campaign": _("Target for the campaign"),
}


def month_label(month, within_one_year=True):
    """A month as the language writes it: 5月 or May alone, with the year across years."""
    if within_one_year:
        return short_month(month)
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def bulletin_period(filters, result):
    """The month a monthly bulletin covers: the chosen month, else the period's latest month with reports."""
    if filters.period.kind == MONTH:
        return filters.period
    with_reports = [month for month in result.months if result.monthly.get(month, {}).get("reports")]
    month = (with_reports or result.months)[-1]
    return Period.month(month.year, month.month)


def bulletin_filters(filters):
    """The filters narrowed to the one month a bulletin covers (see `bulletin_period`)."""
    if filters.period.kind == MONTH:
        return filters
    return replace(filters, period=bulletin_period(filters, rollup(filters)))


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
    month_labels = [month_label(month, filters.period.single_year) for month in result.months]
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


def bulletin_title(filters):
    """The bulletin's title, naming every filter that narrows it: region, period, campaign, activity type."""
    scope = [str(filters.period.label)]
    scope += [choice.name for choice in (filters.campaign, filters.activity_type) if choice is not None]
    return _("%(region)s publicity bulletin (%(scope)s)") % {"region": filters.region.name, "scope": " · ".join(scope)}


def bulletin(filters, metric_key="people"):
    """The figures of one month's bulletin (月通报): headlines with the year before, towns ranked, awareness."""
    figures = build(filters, metric_key)
    base_metrics = [headline for headline in figures["headlines"] if not headline.metric.key.startswith("material:")]
    materials = [headline for headline in figures["headlines"] if headline.metric.key.startswith("material:")]
    before = awareness_rate(filters.region, filters.period.previous_year())
    now = figures["awareness_rate"]
    change = None if now is None or before is None else f"{now - before:+.1f}"
    return {
        **figures,
        "title": bulletin_title(filters),
        "base_headlines": base_metrics,
        "material_headlines": materials,
        "awareness_before": before,
        "awareness_change": change,
        "ranking_metrics": [headline.metric for headline in base_metrics],
    }


def bulletin_number(query, filters):
    """The document number the office typed (at most ten characters), else the month's number."""
    return query.get("number", "").strip()[:10] or str(filters.period.start.month)
