"""Portal reports: the home page, a class's grid, a school by class and a bureau's table by town."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from education.models import PortalAccess, SchoolClass
from education.models.schools import grade_label
from education.school_rates import contests, region_table, total
from jindu.models import Region

from . import tables
from .access import log_access, staff_view
from .reports import class_report, classes_table

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
        "education/portal/home.html",
        {
            "regions": regions,
            "schools": schools,
            "class_rows": rows,
            "import_schools": list(scope.import_schools()),
            "can_read_access_log": scope.can_read_access_log,
        },
    )


def contest_choice(request):
    """(chosen contest, every reportable contest): the one named by ?contest=, else the latest."""
    choices = list(contests())
    wanted = request.GET.get("contest", "")
    chosen = next((contest for contest in choices if str(contest.pk) == wanted), None)
    return chosen or (choices[0] if choices else None), choices


def _picker(contest, choices, keep=None):
    """Context for the contest picker; `keep` holds the other query parameters the form carries along."""
    return {"contest": contest, "contests": choices, "picker_keep": sorted((keep or {}).items())}


def _class_context(request, scope, pk):
    school_class = scope.class_or_404(pk)
    contest, choices = contest_choice(request)
    report = class_report(school_class, contest)
    report.update(_picker(contest, choices))
    report["can_manage"] = scope.can_manage(school_class)
    report["can_see_school"] = scope.can_see_school(school_class.school)
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
    return render(request, "education/portal/class_detail.html", report)


@staff_view
def class_export(request, scope, pk):
    school_class, report = _class_context(request, scope, pk)
    log_access(
        request, EXPORT, "class report", school=school_class.school, school_class=school_class, rows=len(report["rows"])
    )
    return tables.grid_workbook_response(report)


def _subtitle(contest, day):
    parts = [contest.title] if contest else []
    return " · ".join([*parts, tables.as_of(day)])


def _school_table(request, scope, pk):
    school = scope.school_or_404(pk)
    columns = tables.SCHOOL_COLUMNS
    sort, attribute, descending = tables.sort_params(request, columns)
    contest, choices = contest_choice(request)
    items = classes_table(SchoolClass.objects.filter(school=school), contest, attribute, descending)
    rows = [
        tables.row(
            str(item["school_class"]),
            item["tally"],
            columns,
            url=reverse("portal:class", args=[item["school_class"].pk]),
        )
        for item in items
    ]
    school_tally = total(item["tally"] for item in items)
    rows.append(tables.row(_("Whole school"), school_tally, columns, kind="total"))
    keep = {"contest": contest.pk} if contest else {}
    return {
        "school": school,
        "columns": columns,
        "rows": rows,
        "header": tables.header(_("Class"), columns, sort, descending, keep),
        "subtitle": _subtitle(contest, timezone.localdate()),
        **_picker(contest, choices, {"sort": sort, "dir": "desc" if descending else "asc"}),
    }


@never_cache
@staff_view
def school_detail(request, scope, pk):
    context = _school_table(request, scope, pk)
    school = context["school"]
    log_access(request, VIEW, "school report", school=school, rows=len(context["rows"]) - 1)
    context["export_query"] = request.GET.urlencode()
    context["can_import"] = scope.import_schools().filter(pk=school.pk).exists()
    if school.pk in scope.admin_school_ids:
        grades = school.classes.order_by("grade").values_list("grade", flat=True).distinct()
        context["graduation_grades"] = [(grade, grade_label(grade)) for grade in grades]
    return render(request, "education/portal/school_detail.html", context)


@staff_view
def school_export(request, scope, pk):
    context = _school_table(request, scope, pk)
    school = context["school"]
    log_access(request, EXPORT, "school report", school=school, rows=len(context["rows"]) - 1)
    return tables.workbook_response(
        f"{school.name}.xlsx", school.name, _("Class"), context["columns"], context["rows"], context["subtitle"]
    )


NOTICE, HOURS = "notice", "hours"


def _region_table(request, scope, pk):
    """The region's 通报表 for a contest (the default report) or its registration and class-hour table."""
    region = scope.region_or_404(pk)
    report = HOURS if request.GET.get("report") == HOURS else NOTICE
    columns = tables.NOTICE_COLUMNS if report == NOTICE else tables.HOURS_COLUMNS
    sort, attribute, descending = tables.sort_params(request, columns)
    if report == NOTICE:
        contest, choices = contest_choice(request)
        keep = {"contest": contest.pk} if contest else {}
    else:
        contest, choices, keep = None, [], {"report": HOURS}
    table = region_table(region, contest, attribute, descending, hours=report == HOURS)
    rows = []
    for group in table["groups"]:
        town = group["town"]
        town_url = reverse("portal:region", args=[town.pk]) if town.pk != region.pk else ""
        rows.append(tables.row(group["label"], group["tally"], columns, url=town_url, kind="group"))
        for item in group["rows"]:
            url = reverse("portal:school", args=[item["school"].pk])
            rows.append(tables.row(item["label"], item["tally"], columns, url=url))
    rows.append(tables.row(_("Total"), table["total"], columns, kind="total"))
    if report == NOTICE:
        title = _("%(region)s contest report") % {"region": region.name}
    else:
        title = _("%(region)s registration and class hours") % {"region": region.name}
    return {
        "region": region,
        "report": report,
        "table": table,
        "columns": columns,
        "rows": rows,
        "title": title,
        "subtitle": _subtitle(contest, table["as_of"]),
        "header": tables.header(_("Town / school"), columns, sort, descending, keep),
        "school_count": table["school_count"],
        **_picker(contest, choices, {"sort": sort, "dir": "desc" if descending else "asc"}),
    }


@never_cache
@staff_view
def region_detail(request, scope, pk):
    context = _region_table(request, scope, pk)
    log_access(request, VIEW, "region report", region=context["region"], rows=context["school_count"])
    context["export_query"] = request.GET.urlencode()
    return render(request, "education/portal/region_detail.html", context)


@staff_view
def region_export(request, scope, pk):
    context = _region_table(request, scope, pk)
    region = context["region"]
    log_access(request, EXPORT, "region report", region=region, rows=context["school_count"])
    return tables.workbook_response(
        f"{context['title']}.xlsx",
        context["title"],
        _("Town / school"),
        context["columns"],
        context["rows"],
        context["subtitle"],
    )
