"""Portal reports: the home page, a class's grid, a school by class and a bureau's table by town."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from jindu import jobs
from jindu.client_ip import client_ip
from jindu.models import Region
from jindu.spreadsheets import xlsx_response
from schools.models import PortalAccess, School
from schools.models.schools import grade_label

from . import tables
from .access import log_access, staff_view
from .reports import (
    class_report,
    classes_table,
    contest_choice,
    grid_key,
    picker,
    region_report,
    region_workbook,
    school_table,
    school_workbook,
    students_covered,
)

VIEW, EXPORT = PortalAccess.Action.VIEW, PortalAccess.Action.EXPORT


@never_cache
@staff_view
def home(request, scope):
    regions = list(Region.objects.filter(pk__in=[region.pk for region in scope.bureau_regions]))
    schools = list(scope.schools().filter(pk__in=scope.admin_school_ids).select_related("region"))
    taught = scope.managed_classes().exclude(school_id__in=scope.admin_school_ids)
    rows = classes_table(taught)
    log_access(request, VIEW, "portal home", rows=len(rows))
    return render(
        request,
        "schools/portal/home.html",
        {
            "regions": regions,
            "schools": schools,
            "class_rows": rows,
            "import_schools": list(scope.import_schools()),
            "can_read_access_log": scope.can_read_access_log,
        },
    )


def _class_context(request, scope, pk):
    school_class = scope.class_or_404(pk)
    contest, choices = contest_choice(request.GET)
    report = class_report(school_class, contest)
    report.update(picker(contest, choices))
    report["can_manage"] = school_class.is_managed
    report["can_see_school"] = school_class.school_visible
    return school_class, report


@never_cache
@staff_view
def class_detail(request, scope, pk):
    school_class, report = _class_context(request, scope, pk)
    log_access(
        request, VIEW, "class report", school=school_class.school, school_class=school_class, rows=len(report["rows"])
    )
    report["can_graduate"] = school_class.school_id in scope.admin_school_ids
    report["show_passwords_hint"] = report["can_manage"] and bool(report["not_registered"])
    report["grid_key"] = grid_key(report)
    return render(request, "schools/portal/class_detail.html", report)


@staff_view
def class_export(request, scope, pk):
    school_class, report = _class_context(request, scope, pk)
    log_access(
        request, EXPORT, "class report", school=school_class.school, school_class=school_class, rows=len(report["rows"])
    )
    return tables.grid_workbook_response(report)


@never_cache
@staff_view
def school_detail(request, scope, pk):
    context = school_table(scope.school_or_404(pk), request.GET)
    school = context["school"]
    log_access(request, VIEW, "school report", school=school, rows=len(context["rows"]) - 1)
    context["export_query"] = request.GET.urlencode()
    context["can_import"] = scope.import_schools().filter(pk=school.pk).exists()
    if school.pk in scope.admin_school_ids:
        grades = school.classes.order_by("grade").values_list("grade", flat=True).distinct()
        context["graduation_grades"] = [(grade, grade_label(grade)) for grade in grades]
    return render(request, "schools/portal/school_detail.html", context)


def _export_job(request, what, pk, title):
    """Hand a big school or region export to the worker, which builds the same table again under its own scope."""
    job = jobs.start_job(
        request.user,
        "portal_export",
        title,
        params={"what": what, "pk": pk, "query": request.GET.urlencode(), "ip": client_ip(request) or ""},
    )
    return redirect("jobs:detail", pk=job.pk)


@staff_view
def school_export(request, scope, pk):
    """A school of many students is exported by the worker; a small one answers at once."""
    school = scope.school_or_404(pk)
    if students_covered([school]) > settings.JINDU_JOB_PORTAL_EXPORT_STUDENTS:
        return _export_job(request, "school", school.pk, _("School report: %(school)s") % {"school": school.name})
    context = school_table(school, request.GET)
    log_access(request, EXPORT, "school report", school=school, rows=len(context["rows"]) - 1)
    return xlsx_response(*school_workbook(context))


@never_cache
@staff_view
def region_detail(request, scope, pk):
    context = region_report(scope.region_or_404(pk), request.GET)
    log_access(request, VIEW, "region report", region=context["region"], rows=context["school_count"])
    context["export_query"] = request.GET.urlencode()
    return render(request, "schools/portal/region_detail.html", context)


@staff_view
def region_export(request, scope, pk):
    """A region of many students is exported by the worker; a small one answers at once."""
    region = scope.region_or_404(pk)
    if students_covered(School.objects.in_region(region)) > settings.JINDU_JOB_PORTAL_EXPORT_STUDENTS:
        return _export_job(request, "region", region.pk, _("Region report: %(region)s") % {"region": region.name})
    context = region_report(region, request.GET)
    log_access(request, EXPORT, "region report", region=region, rows=context["school_count"])
    return xlsx_response(*region_workbook(context))
