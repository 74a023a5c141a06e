"""Wagtail's own admin reports with the site's safe downloads: formula-like text as text, CSV with a UTF-8 BOM.

Wagtail registers these reports under /admin/reports/ with no setting to change their views, so `jindu.urls`
lists these patterns at the same addresses just before Wagtail's admin: Django resolves the first match, and
`reverse("wagtailadmin_reports:…")` still gives the same address. Each view is Wagtail's own class with
`SafeSpreadsheetExportMixin` in front; the admin's login check and never-cache header wrap it as Wagtail's do.
tests/jindu/test_admin_reports.py fails if Wagtail moves a report so that its own view answers again.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView

from jindu.spreadsheets import SafeSpreadsheetExportMixin

app_name = "jindu_reports"


def _safe(view_class):
    return type(view_class.__name__, (SafeSpreadsheetExportMixin, view_class), {"__module__": __name__})


# (address under /admin/reports/, Wagtail's URL name, Wagtail's view)
REPORTS = [
    ("locked/", "locked_pages", LockedPagesView),
    ("workflow/", "workflow", WorkflowView),
    ("workflow_tasks/", "workflow_tasks", WorkflowTasksView),
    ("site-history/", "site_history", LogEntriesView),
    ("aging-pages/", "aging_pages", AgingPagesView),
    ("page-types-usage/", "page_types_usage", PageTypesUsageReportView),
]
SAFE_VIEWS = {name: _safe(view_class) for _route, name, view_class in REPORTS}


def _wrap(view):
    return require_admin_access(never_cache(view))


urlpatterns = [
    pattern
    for route, name, _view_class in REPORTS
    for pattern in (
        path(route, _wrap(SAFE_VIEWS[name].as_view()), name=name),
        path(f"{route}results/", _wrap(SAFE_VIEWS[name].as_view(results_only=True)), name=f"{name}_results"),
    )
]
