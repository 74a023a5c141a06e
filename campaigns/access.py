"""Who may see which reports: every query for reports goes through `visible_reports`."""

from functools import reduce
from operator import or_

from django.db.models import Q

from jindu.models import Region

from .models import ActivityReport, ReportStatus

_CACHE_ATTR = "_campaign_scope_regions"


def scope_regions(user):
    """The regions a user reports for or oversees, outermost first, without nested duplicates.

    Superusers oversee every root region. The result is cached on the user object per request.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        regions = list(Region.get_root_nodes())
    else:
        assigned = Region.objects.filter(pk__in=user.campaign_regions.values("region")).order_by("path")
        regions = []
        for region in assigned:
            if not any(region.path.startswith(outer.path) for outer in regions):
                regions.append(region)
    setattr(user, _CACHE_ATTR, regions)
    return regions


def region_in_scope(user, region):
    return any(region.path.startswith(outer.path) for outer in scope_regions(user))


def visible_regions(user):
    """Every region in the user's scope, in tree order."""
    roots = scope_regions(user)
    if not roots:
        return Region.objects.none()
    return Region.objects.filter(reduce(or_, (Q(path__startswith=root.path) for root in roots)))


def visible_reports(user, queryset=None):
    """The reports of the user's regions and everything below them."""
    queryset = ActivityReport.objects.all() if queryset is None else queryset
    roots = scope_regions(user)
    if not roots:
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(reduce(or_, (Q(region__path__startswith=root.path) for root in roots)))


def is_office(user):
    """Members of the office approve reports, set targets and see dashboards."""
    return getattr(user, "is_authenticated", False) and user.has_perm("campaigns.review_activityreport")


def can_log_reports(user):
    return bool(scope_regions(user))


def can_review(user, report):
    return is_office(user) and region_in_scope(user, report.region)


def can_edit(user, report):
    """Officers edit reports of their regions while the office is not reviewing them."""
    if not region_in_scope(user, report.region):
        return False
    if is_office(user):
        return True
    return report.status != ReportStatus.SUBMITTED
