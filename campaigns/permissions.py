"""The admin's one question about activity reports and targets: may this user act on this object?

The answer combines the user's model permissions (groups) with the region scope of
`campaigns.access`. Every admin view of reports and targets (choosers included), the audit log and
the site history ask it.
"""

from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.http import Http404
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from jindu.models import Region

from .access import region_in_scope, visible_regions, visible_reports
from .models import ActivityReport, Target

# Opening any view of a report needs one of these; the view itself then asks for its own action.
ACCESS_ACTIONS = ("view", "change", "publish", "review")


def paths_at_and_above(region):
    """The tree paths of a region and of every region above it."""
    return [region.path[:end] for end in range(Region.steplen, len(region.path) + 1, Region.steplen)]


class RegionScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, limited to the objects of the user's regions and everything below them."""

    def in_scope(self, user, queryset):
        return queryset.filter(region__in=visible_regions(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and region_in_scope(user, instance.region)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.in_scope(user, self.model._default_manager.all())

    def users_with_any_permission_for_instance(self, actions, instance):
        in_scope = Q(is_superuser=True) | Q(campaign_regions__region__path__in=paths_at_and_above(instance.region))
        return self.users_with_any_permission(actions).filter(in_scope).distinct()

    def may_open(self, user, pk):
        """Whether the user may open any view of the object with this primary key."""
        return self.instances_user_has_any_permission_for(user, ACCESS_ACTIONS).filter(pk=pk).exists()


class ActivityReportPermissionPolicy(RegionScopedPermissionPolicy):
    def in_scope(self, user, queryset):
        return visible_reports(user, queryset)


class ScopedObjectViewMixin:
    """Answers 404 for an object outside the user's regions, before the view loads anything.

    Added to every view of a scoped viewset, so a view Wagtail adds later is covered too.
    """

    scope_policy = None

    def setup(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None and not self.scope_policy.may_open(request.user, unquote(str(pk))):
            raise Http404
        super().setup(request, *args, **kwargs)


class ScopedChooserViewMixin(ScopedObjectViewMixin):
    """A chooser lists and returns only the objects in the user's regions."""

    def in_scope(self):
        return self.scope_policy.instances_user_has_any_permission_for(self.request.user, ACCESS_ACTIONS)

    def get_object_list(self):
        return self.in_scope()

    def get_objects(self, pks):
        return self.in_scope().filter(pk__in=pks)


def scoped_view(view_class, policy, mixin=ScopedObjectViewMixin):
    return type(view_class.__name__, (mixin, view_class), {"scope_policy": policy})


class ScopedChooserViewSet(SnippetChooserViewSet):
    """The snippet chooser of a region-scoped model; `scope_policy` is set by `scoped_chooser_viewset`."""

    scope_policy = None

    def inject_view_methods(self, view_class, method_names):
        # The scoped object list wins over any the viewset would inject.
        return view_class

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(scoped_view(view_class, self.scope_policy, ScopedChooserViewMixin), **kwargs)


def scoped_chooser_viewset(policy):
    return type("ScopedChooserViewSet", (ScopedChooserViewSet,), {"scope_policy": policy})


report_permission_policy = ActivityReportPermissionPolicy(ActivityReport)
target_permission_policy = RegionScopedPermissionPolicy(Target)


def reviewers_of(report):
    """The office members assigned to the report's region or a region above it (not every superuser)."""
    assigned = Q(campaign_regions__region__path__in=paths_at_and_above(report.region))
    return report_permission_policy.users_with_any_permission_for_instance(["review"], report).filter(assigned)
