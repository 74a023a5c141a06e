"""The admin's one question about activity reports: may this user act on this report?

The answer combines the user's model permissions (groups) with the region scope of
`campaigns.access`. Every admin view of reports, the audit log and the site history ask it.
"""

from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.http import Http404
from wagtail.permission_policies import ModelPermissionPolicy

from jindu.models import Region

from .access import region_in_scope, visible_reports
from .models import ActivityReport

# Opening any view of a report needs one of these; the view itself then asks for its own action.
ACCESS_ACTIONS = ("view", "change", "publish", "review")


class ActivityReportPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, limited to the reports of the user's regions and everything below them."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and region_in_scope(user, instance.region)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return visible_reports(user, self.model._default_manager.all())

    def users_with_any_permission_for_instance(self, actions, instance):
        path = instance.region.path
        above = [path[:end] for end in range(Region.steplen, len(path) + 1, Region.steplen)]
        in_scope = Q(is_superuser=True) | Q(campaign_regions__region__path__in=above)
        return self.users_with_any_permission(actions).filter(in_scope).distinct()

    def may_open(self, user, pk):
        """Whether the user may open any view of the report with this primary key."""
        return self.instances_user_has_any_permission_for(user, ACCESS_ACTIONS).filter(pk=pk).exists()


class ScopedObjectViewMixin:
    """Answers 404 for a report outside the user's regions, before the view loads anything.

    Added to every view of the report viewset, so a view Wagtail adds later is covered too.
    """

    def setup(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None and not report_permission_policy.may_open(request.user, unquote(str(pk))):
            raise Http404
        super().setup(request, *args, **kwargs)


report_permission_policy = ActivityReportPermissionPolicy(ActivityReport)
