"""The awareness rate (禁毒知识知晓率): the share of submitted public-quiz results at or above the pass mark.

It reads submitted results only, and anonymous results carry nothing but the town the taker picked. The campaigns
dashboard and bulletin show it by region and period.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

from education.models import QuizPage, Result
from jindu.models import Region


@dataclass(frozen=True)
class AwarenessRate:
    attempts: int
    passed: int

    @property
    def rate(self):
        """The rate as a fraction between 0 and 1, or None when nobody took the quiz."""
        return self.passed / self.attempts if self.attempts else None

    @property
    def percent(self):
        return None if self.rate is None else round(self.rate * 100, 1)


def _moment(value, end=False):
    """A datetime from a date (its local midnight; for `end`, the next day's) or a datetime."""
    if value is None or isinstance(value, datetime.datetime):
        return value
    day = value + datetime.timedelta(days=1) if end else value
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def awareness_results(quiz=None, start=None, end=None, region=None):
    """Results counting towards the rate.

    quiz: a QuizPage, an iterable of them, or None for every quiz marked as counting.
    start, end: a period, both ends included for dates ([start, end) for datetimes).
    region: a Region; its whole subtree counts.
    """
    results = Result.objects.all()
    if quiz is None:
        results = results.filter(quiz__in=QuizPage.objects.filter(counts_for_awareness=True).values("pk"))
    elif isinstance(quiz, QuizPage):
        results = results.filter(quiz=quiz)
    else:
        results = results.filter(quiz__in=list(quiz))
    if start is not None:
        results = results.filter(submitted_at__gte=_moment(start))
    if end is not None:
        results = results.filter(submitted_at__lt=_moment(end, end=True))
    if region is not None:
        results = results.filter(region__path__startswith=region.path)
    return results


def awareness_rate(quiz=None, start=None, end=None, region=None):
    totals = awareness_results(quiz, start, end, region).aggregate(
        attempts=Count("pk"), passed=Count("pk", filter=Q(passed=True))
    )
    return AwarenessRate(totals["attempts"], totals["passed"])


def awareness_by_region(parent=None, quiz=None, start=None, end=None):
    """[(region, AwarenessRate)] for each child of `parent` (the roots when None), in tree order.

    One query: each result is grouped by the prefix of its region's path at the children's depth.
    """
    children = list(parent.get_children() if parent else Region.get_root_nodes())
    if not children:
        return []
    depth = children[0].depth
    width = depth * Region.steplen
    results = awareness_results(quiz, start, end, parent).filter(region__depth__gte=depth)
    rows = (
        results.annotate(branch=Substr("region__path", 1, width))
        .values("branch")
        .annotate(attempts=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
    )
    by_branch = {row["branch"]: AwarenessRate(row["attempts"], row["passed"]) for row in rows}
    return [(child, by_branch.get(child.path, AwarenessRate(0, 0))) for child in children]
