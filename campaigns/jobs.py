"""The office's long work as jobs (jindu/jobs): big exports, big imports, the summary rebuild."""

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from jindu import jobs
from jindu.spreadsheets import workbook_bytes

from . import dashboard, excel, importer
from .access import region_in_scope
from .figures import reports_in_period, totals
from .filters import DashboardFilterForm
from .models import BulletinSettings


def filters_for(user, query):
    """The dashboard's filters from a query string, as `admin_views._filters` reads a request; None if out of scope."""
    form = DashboardFilterForm(QueryDict(query) or None, user=user)
    filters = form.to_filters()
    if filters.region is None or not region_in_scope(user, filters.region):
        return None
    return filters


def export_rows(filters):
    """How many report rows the export will write, from the monthly summary: the deciding request stays fast."""
    return totals(filters).get("reports", 0)


def export_reports(job):
    filters = filters_for(job.owner, job.params.get("query", ""))
    if filters is None:
        raise jobs.JobFailed(_("You no longer oversee this region, so the export was not made."))
    jobs.progress(job, 0, reports_in_period(filters).count(), force=True)
    workbook = excel.export_workbook(filters, progress=lambda rows: jobs.progress(job, rows))
    jobs.save_file(job, workbook_bytes(workbook), excel.export_filename(filters))


def import_reports(job):
    with job.upload.open("rb") as upload:
        result = importer.import_reports(upload, user=job.owner, progress=jobs.import_progress(job))
    if not result.ok:
        errors = "；".join(str(error) for error in result.errors[:20])
        raise jobs.JobFailed(_("Nothing was imported: %(errors)s") % {"errors": errors})
    job.message = _("Reports imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.") % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


def export_bulletin(job):
    """The monthly bulletin's workbook: the figures of the bulletin page for the same query, site and number."""
    filters = filters_for(job.owner, job.params.get("query", ""))
    if filters is None:
        raise jobs.JobFailed(_("You no longer oversee this region, so the export was not made."))
    query = QueryDict(job.params.get("query", ""))
    filters = dashboard.bulletin_filters(filters)
    context = dashboard.bulletin(filters, query.get("metric", "people"))
    site = Site.objects.filter(pk=job.params.get("site")).first() or Site.objects.filter(is_default_site=True).first()
    site_settings = BulletinSettings.for_site(site) if site else BulletinSettings()
    number = dashboard.bulletin_number(query, filters)
    workbook = excel.bulletin_workbook(context, filters, site_settings, number, timezone.localdate())
    jobs.save_file(job, workbook_bytes(workbook), excel.bulletin_filename(context, number))
