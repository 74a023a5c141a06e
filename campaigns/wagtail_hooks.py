from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from jindu.admin_columns import FlagColumn
from jindu.models import Campaign, MaterialKind
from jindu.spreadsheets import SafeSpreadsheetExportMixin

from . import admin_views
from .access import is_office
from .bulk_actions import ApproveBulkAction, SendBackBulkAction
from .models import (
    ActivityReport,
    ActivityReportLogEntry,
    ActivityType,
    RegionAssignment,
    Target,
)
from .permissions import (
    ACCESS_ACTIONS,
    report_permission_policy,
    scoped_chooser_viewset,
    scoped_view,
    target_permission_policy,
)

register_permission_policy(ActivityReport, report_permission_policy)
register_permission_policy(Target, target_permission_policy)


class RegionScopedViewSetMixin:
    """Every view of the viewset, and its chooser, asks the model's region-scoped permission policy."""

    scope_policy = None

    def get_queryset(self, request):
        return self.scope_policy.instances_user_has_any_permission_for(request.user, ACCESS_ACTIONS)

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(scoped_view(view_class, self.scope_policy), **kwargs)


class ActivityReportIndexView(SafeSpreadsheetExportMixin, IndexView):
    pass


class ActivityReportViewSet(RegionScopedViewSetMixin, SnippetViewSet):
    model = ActivityReport
    index_view_class = ActivityReportIndexView
    scope_policy = report_permission_policy
    chooser_viewset_class = scoped_chooser_viewset(report_permission_policy)
    icon = "doc-full"
    menu_label = _("Activity reports")
    list_display = ["__str__", "region", "sessions", "people_reached", "status", "date"]
    list_filter = ["status", "activity_type", "campaign"]
    list_export = ["date", "region", "activity_type", "campaign", "title", "sessions", "people_reached", "status"]
    ordering = ["-date", "-pk"]
    list_per_page = 50
    copy_view_enabled = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "activity_type")

    def get_edit_handler(self):
        from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList

        return ObjectList(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("activity_type"), FieldPanel("campaign")]),
                FieldPanel("showing"),
                FieldPanel("title"),
                FieldRowPanel([FieldPanel("sessions"), FieldPanel("people_reached"), FieldPanel("households_visited")]),
                FieldPanel("large_audience_confirmed"),
                InlinePanel("materials", label=_("Materials handed out")),
                InlinePanel("photos", label=_("Photos")),
                FieldPanel("notes"),
                FieldPanel("reporter", read_only=True),
            ]
        ).bind_to_model(self.model)


class TargetViewSet(RegionScopedViewSetMixin, SnippetViewSet):
    model = Target
    scope_policy = target_permission_policy
    chooser_viewset_class = scoped_chooser_viewset(target_permission_policy)
    icon = "success"
    menu_label = _("Targets")
    list_display = ["region", "year", "campaign", "metric", "material_kind", "value"]
    list_filter = ["year", "metric"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "campaign", "material_kind")


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "date"
    list_display = ["name", "theme", "start_date", "end_date"]


class ActivityTypeViewSet(SnippetViewSet):
    model = ActivityType
    icon = "list-ul"
    list_display = ["name", "unit", "sort_order", FlagColumn(ActivityType, "active")]


class MaterialKindViewSet(SnippetViewSet):
    model = MaterialKind
    icon = "clipboard-list"
    list_display = ["name", "unit", "sort_order", FlagColumn(MaterialKind, "active")]


class RegionAssignmentViewSet(SnippetViewSet):
    model = RegionAssignment
    icon = "user"
    list_display = ["user", "region"]


class CampaignsGroup(SnippetViewSetGroup):
    items = [
        ActivityReportViewSet,
        TargetViewSet,
        CampaignViewSet,
        ActivityTypeViewSet,
        MaterialKindViewSet,
        RegionAssignmentViewSet,
    ]
    menu_icon = "table"
    menu_label = _("Campaign figures")
    menu_order = 250


register_snippet(CampaignsGroup)


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return is_office(request.user)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(_("Campaign dashboard"), reverse("campaigns_dashboard"), icon_name="table", order=240)


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [
        path("campaigns/dashboard/", admin_views.DashboardView.as_view(), name="campaigns_dashboard"),
        path("campaigns/dashboard/reports/", admin_views.ReportsView.as_view(), name="campaigns_dashboard_reports"),
        path(
            "campaigns/dashboard/reports/results/",
            admin_views.ReportsView.as_view(results_only=True),
            name="campaigns_dashboard_reports_results",
        ),
        path("campaigns/dashboard/bulletin/", admin_views.bulletin_view, name="campaigns_bulletin"),
        path(
            "campaigns/dashboard/bulletin/export/",
            admin_views.bulletin_export_view,
            name="campaigns_bulletin_export",
        ),
        path("campaigns/dashboard/export/", admin_views.export_view, name="campaigns_export"),
        path("campaigns/import/", admin_views.ImportView.as_view(), name="campaigns_import"),
        path("campaigns/import/template/", admin_views.template_view, name="campaigns_import_template"),
    ]


@hooks.register("register_log_actions")
def register_report_log(actions):
    actions.register_model(ActivityReport, ActivityReportLogEntry)


hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", SendBackBulkAction)


@hooks.register("filter_form_submissions_for_user")
def tip_offs_only_through_the_office_pages(user, editable_forms):
    """Tip-offs are read on the office's scoped pages (/reports/tip-offs/), not in Wagtail's form submissions."""
    from django.contrib.contenttypes.models import ContentType

    from campaigns.models import TipOffPage

    if user.is_superuser:
        return editable_forms
    return editable_forms.exclude(content_type=ContentType.objects.get_for_model(TipOffPage))
