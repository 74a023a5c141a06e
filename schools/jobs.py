"""Big roster imports (checked in the request, applied here in one transaction) and big portal exports as jobs."""

from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from jindu import jobs
from jindu.spreadsheets import workbook_bytes
from schools.models import PortalAccess
from schools.portal.reports import region_report, region_workbook, school_table, school_workbook
from schools.roster_import import import_roster as apply_roster
from schools.scoping import visible_to


def import_roster(job):
    scope = visible_to(job.owner)
    try:
        school = scope.import_school_or_404(job.params["school"])
    except Http404:
        raise jobs.JobFailed(_("You may no longer import into this school, so nothing was imported.")) from None
    classes = scope.managed_classes().filter(school=school)
    with job.upload.open("rb") as upload:
        result = apply_roster(upload.read(), school, classes, progress=jobs.import_progress(job))
    if not result.ok:
        errors = "；".join(str(error) for error in result.errors[:20])
        raise jobs.JobFailed(_("Nothing was imported: %(errors)s") % {"errors": errors})
    PortalAccess.objects.create(
        user=job.owner,
        ip=job.params.get("ip") or None,
        action=PortalAccess.Action.IMPORT,
        what="roster",
        school=school,
        rows=result.created + result.updated + result.unchanged,
    )
    job.message = _("Roster imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.") % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


def export_report(job):
    """A school's or region's table, rebuilt from the job's parameters under the owner's scope as it is now."""
    scope = visible_to(job.owner)
    query = QueryDict(job.params.get("query", ""))
    try:
        if job.params["what"] == "school":
            school = scope.school_or_404(job.params["pk"])
            context = school_table(school, query)
            workbook, filename = school_workbook(context)
            logged = {"what": "school report", "school": school, "rows": len(context["rows"]) - 1}
        else:
            region = scope.region_or_404(job.params["pk"])
            context = region_report(region, query)
            workbook, filename = region_workbook(context)
            logged = {"what": "region report", "region": region, "rows": context["school_count"]}
    except Http404:
        raise jobs.JobFailed(_("You may no longer see this report, so the export was not made.")) from None
    jobs.progress(job, len(context["rows"]), len(context["rows"]), force=True)
    jobs.save_file(job, workbook_bytes(workbook), filename)
    PortalAccess.objects.create(
        user=job.owner, ip=job.params.get("ip") or None, action=PortalAccess.Action.EXPORT, **logged
    )
