"""Big roster imports as jobs (jindu/jobs): checked in the request, applied here in one transaction."""

from django.http import Http404
from django.utils.translation import gettext as _

from education.models import PortalAccess
from education.roster_import import import_roster as apply_roster
from education.scoping import visible_to
from jindu import jobs


def import_roster(job):
    scope = visible_to(job.owner)
    try:
        school = scope.import_school_or_404(job.params["school"])
    except Http404:
        raise jobs.JobFailed(_("You may no longer import into this school, so nothing was imported.")) from None
    classes = scope.managed_classes().filter(school=school)
    with job.upload.open("rb") as upload:
        result = apply_roster(upload.read(), school, classes)
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
