"""Portal reports: the home page, a class's grid, a school by class and a bureau's table by town."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from education.models import PortalAccess, SchoolClass
from education.school_rates import SORT_KEYS, region_table, total
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
        },
    )


def _class_context(request, scope, pk):
    school_class = scope.class_or_404(pk)
    report = class_report(school_class)
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
    report["show_passwords_hint"] = report["can_manage"] and bool(report["not_registered"])
    return render(request, "education/portal/class_detail.html", report)


@staff_view
def class_export(request, scope, pk):
    school_class, report = _class_context(request, scope, pk)
    log_access(
        request, EXPORT, "class report", school=school_class.school, school_class=school_class, rows=len(report["rows"])
    )
    return tables.grid_workbook_response(report)


def _school_table(request, scope, pk):
    school = scope.school_or_404(pk)
    sort, descending = tables.sort_params(request, SORT_KEYS)
    columns = tables.columns_for(False)
    items = classes_table(SchoolClass.objects.filter(school=school), sort, descending)
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
    return school, columns, rows, sort, descending


@never_cache
@staff_view
def school_detail(request, scope, pk):
    school, columns, rows, sort, descending = _school_table(request, scope, pk)
    log_access(request, VIEW, "school report", school=school, rows=len(rows) - 1)
    return render(
        request,
        "education/portal/school_detail.html",
        {
            "school": school,
            "header": tables.header(_("Class"), columns, sort, descending),
            "rows": rows,
            "export_query": request.GET.urlencode(),
            "can_import": scope.import_schools().filter(pk=school.pk).exists(),
        },
    )


@staff_view
def school_export(request, scope, pk):
    school, columns, rows, _sort, _descending = _school_table(request, scope, pk)
    log_access(request, EXPORT, "school report", school=school, rows=len(rows) - 1)
    return tables.workbook_response(f"{school.name}.xlsx", school.name, _("Class"), columns, rows)


def _region_table(request, scope, pk):
    region = scope.region_or_404(pk)
    sort, descending = tables.sort_params(request, SORT_KEYS)
    columns = tables.columns_for(True)
    table = region_table(region, sort, descending)
    rows = []
    for group in table["groups"]:
        town = group["town"]
        town_url = reverse("portal:region", args=[town.pk]) if town.pk != region.pk else ""
        rows.append(tables.row(group["label"], group["tally"], columns, url=town_url, kind="group"))
        for item in group["rows"]:
            url = reverse("portal:school", args=[item["school"].pk])
            rows.append(tables.row(item["label"], item["tally"], columns, url=url))
    rows.append(tables.row(_("Total"), table["total"], columns, kind="total"))
    return region, table, columns, rows, sort, descending


@never_cache
@staff_view
def region_detail(request, scope, pk):
    region, table, columns, rows, sort, descending = _region_table(request, scope, pk)
    log_access(request, VIEW, "region report", region=region, rows=table["school_count"])
    return render(
        request,
        "education/portal/region_detail.html",
        {
            "region": region,
            "header": tables.header(_("Town / school"), columns, sort, descending),
            "rows": rows,
            "school_count": table["school_count"],
            "export_query": request.GET.urlencode(),
        },
    )


@staff_view
def region_export(request, scope, pk):
    region, table, columns, rows, _sort, _descending = _region_table(request, scope, pk)
    log_access(request, EXPORT, "region report", region=region, rows=table["school_count"])
    return tables.workbook_response(f"{region.name}.xlsx", region.name, _("Town / school"), columns, rows)
