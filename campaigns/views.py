"""The officer's phone pages: list, log, edit and send reports; the office can approve from here too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jindu.accounts import STAFF_SIGN_IN_URL
from jindu.models.pages import paginate

from .access import can_edit, can_log_reports, can_review, is_office, visible_reports
from .editing import save_report
from .forms import ReportForm, ReviewForm
from .models import ActivityReport, ReportMaterial, ReportStatus
from .workflow import sent_back_reason

LOGIN_URL = STAFF_SIGN_IN_URL


def _require_reporter(user):
    if not can_log_reports(user):
        raise PermissionDenied


def _report_or_404(user, pk):
    queryset = visible_reports(user).select_related("region", "activity_type", "campaign", "reporter")
    return get_object_or_404(queryset, pk=pk)


@login_required(login_url=LOGIN_URL)
def report_list(request):
    _require_reporter(request.user)
    reports = (
        visible_reports(request.user)
        .select_related("region", "activity_type", "campaign")
        .prefetch_related(Prefetch("materials", queryset=ReportMaterial.objects.select_related("kind")))
        .order_by("-date", "-pk")
    )
    status = request.GET.get("status", "")
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    page = paginate(request, reports, 20)
    return render(
        request,
        "campaigns/report_list.html",
        {
            "page_obj": page,
            "statuses": ReportStatus.choices,
            "status": status,
            "query_prefix": f"status={status}&" if status else "",
            "is_office": is_office(request.user),
        },
    )


def _save_from_form(request, form):
    send = "submit" in request.POST
    report = form.save(commit=False)
    save_report(
        report,
        request.user,
        materials=form.materials(),
        new_photos=form.cleaned_data.get("photos") or [],
        removed_photo_ids=form.removed_photo_ids(),
        send=send,
    )
    if send:
        messages.success(request, _("The report was sent to the office for approval."))
    else:
        messages.success(request, _("The draft was saved. Send it to the office when it is complete."))
    return redirect("campaigns:report_detail", pk=report.pk)


@login_required(login_url=LOGIN_URL)
def report_create(request):
    _require_reporter(request.user)
    form = ReportForm(request.POST or None, request.FILES or None, user=request.user, instance=ActivityReport())
    if request.method == "POST" and form.is_valid():
        return _save_from_form(request, form)
    return render(request, "campaigns/report_form.html", {"form": form, "creating": True})


@login_required(login_url=LOGIN_URL)
def report_edit(request, pk):
    report = _report_or_404(request.user, pk)
    if not can_edit(request.user, report):
        messages.error(request, _("This report is being reviewed by the office and cannot be changed now."))
        return redirect("campaigns:report_detail", pk=report.pk)
    draft = report.get_latest_revision_as_object()
    form = ReportForm(request.POST or None, request.FILES or None, user=request.user, instance=draft)
    if request.method == "POST" and form.is_valid():
        return _save_from_form(request, form)
    return render(
        request,
        "campaigns/report_form.html",
        {"form": form, "report": report, "creating": False, "reason": sent_back_reason(report)},
    )


@login_required(login_url=LOGIN_URL)
def report_detail(request, pk):
    report = _report_or_404(request.user, pk)
    latest = report.get_latest_revision_as_object()
    reviewable = report.status == ReportStatus.SUBMITTED and can_review(request.user, report)
    return render(
        request,
        "campaigns/report_detail.html",
        {
            "report": report,
            "latest": latest,
            "materials": [line for line in latest.materials.all() if line.quantity],
            "photos": list(latest.photos.all()),
            "reason": sent_back_reason(report),
            "can_edit": can_edit(request.user, report),
            "review_form": ReviewForm() if reviewable else None,
        },
    )


@require_POST
@login_required(login_url=LOGIN_URL)
def report_review(request, pk):
    report = _report_or_404(request.user, pk)
    state = report.current_workflow_state
    task_state = state.current_task_state if state else None
    if not task_state or not can_review(request.user, report):
        raise PermissionDenied
    task = task_state.task.specific
    form = ReviewForm(request.POST)
    allowed = {name for name, _label, _modal in task.get_actions(report, request.user)}
    if not form.is_valid() or form.cleaned_data["action"] not in allowed:
        for error in form.errors.get("comment", []):
            messages.error(request, error)
        return redirect("campaigns:report_detail", pk=report.pk)
    action = form.cleaned_data["action"]
    task.on_action(task_state, request.user, action, comment=form.cleaned_data["comment"])
    if action == "approve":
        messages.success(request, _("The report was approved and now counts in the totals."))
    else:
        messages.success(request, _("The report was sent back to the officer with your reason."))
    return redirect("campaigns:report_detail", pk=report.pk)


@require_POST
@login_required(login_url=LOGIN_URL)
def report_submit(request, pk):
    report = _report_or_404(request.user, pk)
    if not can_edit(request.user, report):
        raise PermissionDenied
    from .workflow import submit

    submit(report, request.user)
    messages.success(request, _("The report was sent to the office for approval."))
    return redirect("campaigns:report_detail", pk=report.pk)
