"""The office's admin pages: dashboard, reports behind a figure, bulletin, export and import."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import multigetattr
from wagtail.models import Site

from jindu import jobs
from jindu.spreadsheets import SafeSpreadsheetExportMixin, xlsx_response

from . import dashboard, excel
from . import jobs as campaign_jobs
from .access import is_office, region_in_scope, visible_reports
from .figures import reports_in_period
from .filters import DashboardFilterForm
from .forms import ImportForm
from .importer import check_reports, import_reports
from .models import BulletinSettings, ReportMaterial, ReportStatus
from .periods import MONTH


def _filters(request):
    if not is_office(request.user):
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None, user=request.user)
    filters = form.to_filters()
    if filters.region is None or not region_in_scope(request.user, filters.region):
        raise PermissionDenied
    return form, filters


class TitledMixin(WagtailAdminTemplateMixin):
    """Shows the page's own title in the admin header, not just "Home"."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]


class DashboardView(TitledMixin, TemplateView):
    template_name = "campaigns/admin/dashboard.html"
    page_title = gettext_lazy("Campaign dashboard")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, filters = _filters(self.request)
        query = self.request.GET.copy()
        query.pop("metric", None)
        query.pop("page", None)
        figures = dashboard.build(filters, self.request.GET.get("metric", "sessions"))
        month = dashboard.bulletin_period(filters, figures["result"])
        context.update(
            form=form,
            filters=filters,
            query=query.urlencode(),
            awaiting_approval=visible_reports(self.request.user).filter(status=ReportStatus.SUBMITTED).count(),
            bulletin_period=month,
            bulletin_query=month_query(query, filters, month),
            **figures,
        )
        return context


def month_query(query, filters, month):
    """The filters' query string narrowed to one month, for the monthly bulletin."""
    query = query.copy()
    for name in ("start", "end", "quarter"):
        query.pop(name, None)
    # QueryDict.update() would add values beside the old ones; assignment replaces them.
    query["period"], query["year"], query["month"] = MONTH, month.start.year, month.start.month
    if "region" not in query and filters.region is not None:
        query["region"] = filters.region.pk
    return query.urlencode()


def materials_text(report):
    return ", ".join(f"{line.kind.name} {line.quantity:,}" for line in report.materials.all())


class ReportsView(SafeSpreadsheetExportMixin, ReportView):
    """The counted reports behind the dashboard's figures, for the dashboard's filters; downloads as Excel or CSV."""

    template_name = "campaigns/admin/reports.html"
    results_template_name = "campaigns/admin/reports_results.html"
    page_title = gettext_lazy("Reports behind the figures")
    header_icon = "doc-full"
    index_url_name = "campaigns_dashboard_reports"
    index_results_url_name = "campaigns_dashboard_reports_results"
    paginate_by = 50
    list_export = [
        "date",
        "region.name",
        "activity_type.name",
        "title",
        "sessions",
        "people_reached",
        "households_visited",
        "materials",
        "get_status_display",
    ]
    export_headings = {
        "date": gettext_lazy("Date"),
        "region.name": gettext_lazy("Town or village"),
        "activity_type.name": gettext_lazy("Activity type"),
        "title": gettext_lazy("Activity"),
        "sessions": gettext_lazy("Sessions held"),
        "people_reached": gettext_lazy("People reached"),
        "households_visited": gettext_lazy("Households visited"),
        "materials": gettext_lazy("Materials handed out"),
        "get_status_display": gettext_lazy("Status"),
    }

    def dispatch(self, request, *args, **kwargs):
        self.dashboard_form, self.dashboard_filters = _filters(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            reports_in_period(self.dashboard_filters)
            .select_related("region", "activity_type", "campaign", "reporter")
            .prefetch_related(Prefetch("materials", queryset=ReportMaterial.objects.select_related("kind")))
            .order_by("-date", "-pk")
        )

    def get_filename(self):
        period = self.dashboard_filters.period
        return f"activity-reports-{self.dashboard_filters.region.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"

    def to_row_dict(self, item):
        return {
            field: materials_text(item) if field == "materials" else multigetattr(item, field)
            for field in self.list_export
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for name in (self.page_kwarg, "export"):
            query.pop(name, None)
        context.update(dashboard_filters=self.dashboard_filters, query=query.urlencode())
        return context


def bulletin_view(request):
    """The printable monthly bulletin (月通报): always one month, the chosen one or the period's latest."""
    form, filters = _filters(request)
    filters = dashboard.bulletin_filters(filters)
    context = dashboard.bulletin(filters, request.GET.get("metric", "people"))
    site_settings = BulletinSettings.for_request(request)
    number = dashboard.bulletin_number(request.GET, filters)
    return render(
        request,
        "campaigns/bulletin.html",
        {
            **context,
            "filters": filters,
            "settings": site_settings,
            "number": number,
            "issued": timezone.localdate(),
            "dashboard_query": request.GET.urlencode(),
        },
    )


def export_view(request):
    """A small export answers at once; a big one becomes a job the office watches on its job page."""
    form, filters = _filters(request)
    rows = campaign_jobs.export_rows(filters)
    if rows > settings.JINDU_JOB_EXPORT_ROWS:
        job = jobs.start_job(
            request.user,
            "campaign_export",
            _("Activity reports: %(region)s, %(period)s")
            % {"region": filters.region.full_name, "period": filters.period.label},
            params={"query": request.GET.urlencode()},
            rows_total=rows,
        )
        return redirect("jobs:detail", pk=job.pk)
    workbook = excel.export_workbook(filters)
    return xlsx_response(workbook, excel.export_filename(filters))


def template_view(request):
    if not is_office(request.user):
        raise PermissionDenied
    return xlsx_response(excel.template_workbook(), "activity-reports-template.xlsx")


class ImportView(TitledMixin, FormView):
    """Upload the office's spreadsheet; every row is imported or none."""

    form_class = ImportForm
    template_name = "campaigns/admin/import.html"
    page_title = gettext_lazy("Import activity reports")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not is_office(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        result, rows = check_reports(upload, user=self.request.user)
        if result.ok and len(rows) > settings.JINDU_JOB_IMPORT_ROWS:
            upload.seek(0)
            job = jobs.start_job(
                self.request.user,
                "campaign_import",
                _("Import of %(rows)d activity reports") % {"rows": len(rows)},
                rows_total=len(rows),
                upload=upload.read(),
                upload_name="reports.xlsx",
            )
            return redirect("jobs:detail", pk=job.pk)
        if result.ok:
            upload.seek(0)
            result = import_reports(upload, user=self.request.user)
        if not result.ok:
            for error in result.errors[:200]:
                form.add_error(None, str(error))
            messages.error(self.request, _("Nothing was imported. Correct the rows below and upload the file again."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Reports imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        return redirect("campaigns_dashboard")


def bulletin_export_view(request):
    """The bulletin as an Excel workbook, made by the worker: the office is sent to the job page."""
    form, filters = _filters(request)
    filters = dashboard.bulletin_filters(filters)
    site = Site.find_for_request(request)
    job = jobs.start_job(
        request.user,
        "bulletin_export",
        _("Monthly bulletin workbook: %(title)s") % {"title": dashboard.bulletin_title(filters)},
        params={"query": request.GET.urlencode(), "site": site.pk if site else None},
    )
    return redirect("jobs:detail", pk=job.pk)
