"""Teachers' roster work: import, the template, printed password sheets, join codes and password resets."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jindu import jobs
from jindu.client_ip import client_ip
from jindu.public_address import absolute_url
from jindu.spreadsheets import xlsx_response
from schools import accounts
from schools.models import PortalAccess
from schools.roster_import import ImportResult, check_rows, import_roster, template_workbook

from .access import log_access, staff_view
from .forms import RosterImportForm


@never_cache
@staff_view
def roster_import(request, scope, pk):
    school = scope.import_school_or_404(pk)
    classes = scope.managed_classes().filter(school=school)
    result = None
    if request.method == "POST":
        form = RosterImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            rows, errors, _existing = check_rows(data, school, classes)
            if not errors and len(rows) > settings.JINDU_JOB_IMPORT_ROWS:
                job = jobs.start_job(
                    request.user,
                    "roster_import",
                    _("Roster import: %(school)s, %(rows)d students") % {"school": school.name, "rows": len(rows)},
                    params={"school": school.pk, "ip": client_ip(request) or ""},
                    rows_total=len(rows),
                    upload=data,
                    upload_name="roster.xlsx",
                )
                return redirect("jobs:detail", pk=job.pk)
            result = ImportResult(errors=errors) if errors else import_roster(data, school, classes)
            if result.ok:
                log_access(
                    request,
                    PortalAccess.Action.IMPORT,
                    "roster",
                    school=school,
                    rows=result.created + result.updated + result.unchanged,
                )
                messages.success(
                    request,
                    _("Roster imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
                    % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
                )
                return redirect("portal:import", pk=school.pk)
    else:
        form = RosterImportForm()
    return render(
        request,
        "schools/portal/roster_import.html",
        {"school": school, "classes": classes.order_by("grade", "name"), "form": form, "result": result},
    )


@staff_view
def roster_template(request, scope, pk):
    scope.import_school_or_404(pk)
    return xlsx_response(template_workbook(), "学生名单模板.xlsx")


@never_cache
@staff_view
def password_sheet(request, scope, pk):
    """GET explains; POST issues fresh one-time passwords to the unregistered students and shows the sheet once."""
    school_class = scope.managed_class_or_404(pk)
    pending = list(school_class.students.filter(registered_at__isnull=True).select_related("user").order_by("number"))
    if request.method != "POST":
        return render(
            request, "schools/portal/password_sheet_confirm.html", {"school_class": school_class, "pending": pending}
        )
    issued = accounts.issue_passwords(pending)
    log_access(
        request,
        PortalAccess.Action.PASSWORDS,
        "password sheet",
        school=school_class.school,
        school_class=school_class,
        rows=len(issued),
    )
    return render(
        request,
        "schools/portal/password_sheet.html",
        {
            "school_class": school_class,
            "school": school_class.school,
            "issued": issued,
            "sign_in_url": absolute_url(reverse("sign_in"), request),
        },
    )


@require_POST
@staff_view
def join_code(request, scope, pk):
    school_class = scope.managed_class_or_404(pk)
    if request.POST.get("action") == "disable":
        accounts.disable_join_code(school_class)
        messages.success(request, _("The join code is switched off."))
    else:
        code = accounts.rotate_join_code(school_class)
        messages.success(request, _("New join code: %(code)s. The old code no longer works.") % {"code": code})
    return redirect("portal:class", pk=school_class.pk)


@never_cache
@require_POST
@staff_view
def reset_password(request, scope, pk):
    student = scope.managed_student_or_404(pk)
    password = accounts.reset_password(student)
    log_access(
        request,
        PortalAccess.Action.PASSWORDS,
        "password reset",
        school=student.school,
        school_class=student.school_class,
        rows=1,
    )
    return render(
        request,
        "schools/portal/password_reset.html",
        {"student": student, "password": password, "school_class": student.school_class},
    )
