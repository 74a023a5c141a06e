"""The officer's phone pages: list, log, edit and send reports; the office can approve from here too."""

import datetime
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from jindu.accounts import STAFF_SIGN_IN_URL
from jindu.models.pages import paginate
from jindu.numbers import parse_id

from . import planned
from .access import can_edit, can_log_reports, can_review, is_office, scope_regions, visible_regions, visible_reports
from .editing import save_report
from .forms import MAX_PHOTOS, PendingPhotoForm, PlanFilterForm, ReportForm, ReviewForm, discard_photos, recent_showings
from .models import ActivityReport, PendingPhoto, ReportMaterial, ReportStatus
from .planned import latest_planned_month
from .workflow import sent_back_reason, sent_back_reasons

# Pending photos of forms nobody sent are removed after this long.
PENDING_PHOTO_DAYS = 2

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
    else:
        # Reports the office sent back come first: they are the officer's next work.
        first = Case(When(status=ReportStatus.SENT_BACK, then=Value(0)), default=Value(1), output_field=IntegerField())
        reports = reports.order_by(first, "-date", "-pk")
    page = paginate(request, reports, 20)
    reasons = sent_back_reasons([report for report in page if report.status == ReportStatus.SENT_BACK])
    for report in page:
        report.sent_back_reason = reasons.get(report.pk, "")
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
    send = form.sending
    report = form.save(commit=False)
    pending = form.kept_pending_photos()
    uploads = [ContentFile(photo.image.read(), name=str(photo)) for photo in pending]
    if report.pk is None:
        report.form_key = form.key()
    try:
        save_report(
            report,
            request.user,
            materials=form.materials(),
            new_photos=[*uploads, *(form.cleaned_data.get("photos") or [])],
            removed_photo_ids=form.removed_photo_ids(),
            send=send,
        )
    except IntegrityError:
        # The same form arrived twice at once: the first one stored the report.
        return _already_saved(request, form.key())
    PendingPhoto.objects.filter(pk__in=[photo.pk for photo in pending]).delete()
    names = [photo.image.name for photo in pending]
    # The files go once the report that copied them is stored for good.
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
    if send:
        messages.success(request, _("The report was sent to the office for approval."))
    else:
        messages.success(request, _("The draft was saved. Send it to the office when it is complete."))
    return redirect("campaigns:report_detail", pk=report.pk)


def _already_saved(request, key):
    """The report a form with this key created before, for a second tap on the same form."""
    report = key and visible_reports(request.user).filter(form_key=key).first()
    if report is None:
        return None
    messages.info(request, _("This report was already saved; it was not stored twice."))
    return redirect("campaigns:report_detail", pk=report.pk)


def _for_the_phone(request, response):
    """A report posted by the phone's script (offline_reports.js) learns where it was saved as JSON, not a redirect.

    The script then opens that page itself, so the message the redirect carries shows there.
    """
    if response is not None and response.status_code == 302 and request.headers.get("X-Jindu-Report") == "1":
        return JsonResponse({"url": response["Location"]})
    return response


def _refused_for_the_phone(request, form):
    """The office's checks refused a report the phone's script posted: the field errors as JSON, so the queue on
    the phone can say which fields to correct; a report posted as a plain form gets the page with its errors."""
    if request.headers.get("X-Jindu-Report") != "1":
        return None
    errors = [
        {
            "field": "" if name == "__all__" else name,
            "label": "" if name == "__all__" or name not in form.fields else str(form.fields[name].label),
            "messages": [str(message) for message in found],
        }
        for name, found in form.errors.items()
    ]
    return JsonResponse({"errors": errors}, status=400, json_dumps_params={"ensure_ascii": False})


def _prune_pending_photos(user):
    since = timezone.now() - datetime.timedelta(days=PENDING_PHOTO_DAYS)
    discard_photos(PendingPhoto.objects.filter(user=user, created_at__lt=since))


def _render_form(request, form, context):
    if form.is_bound:
        form.keep_uploads()
    return render(request, "campaigns/report_form.html", {"form": form, "max_photos": MAX_PHOTOS, **context})


def _initial_from_showing(request):
    """A new report for a showing of the schedule starts with its date, place and link filled in."""
    pk = parse_id(request.GET.get("showing", ""))
    showing = (
        recent_showings(visible_regions(request.user), timezone.localdate()).filter(pk=pk).first()
        if pk is not None
        else None
    )
    if showing is None:
        return {}
    return {"showing": showing.pk, "region": showing.region_id, "date": timezone.localtime(showing.start).date()}


@login_required(login_url=LOGIN_URL)
def report_create(request):
    _require_reporter(request.user)
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        instance=ActivityReport(),
        initial=_initial_from_showing(request),
    )
    if request.method == "POST":
        _prune_pending_photos(request.user)
        done = _already_saved(request, form.key())
        if done:
            return _for_the_phone(request, done)
        if form.is_valid():
            with transaction.atomic():
                response = _save_from_form(request, form)
            if response:
                return _for_the_phone(request, response)
        else:
            refused = _refused_for_the_phone(request, form)
            if refused:
                return refused
    return _render_form(request, form, {"creating": True})


@require_POST
@login_required(login_url=LOGIN_URL)
def photo_upload(request):
    """Take one photo ahead of the report form; the form then names it by its key."""
    _require_reporter(request.user)
    form = PendingPhotoForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        return JsonResponse({"errors": errors}, status=400)
    report = visible_reports(request.user).filter(form_key=form.cleaned_data["form_key"]).first()
    if report is not None:
        # A queued report's photo sent again after its report arrived: the report already holds it.
        return JsonResponse({"id": None, "report": reverse("campaigns:report_detail", kwargs={"pk": report.pk})})
    stored_before = form.stored is not None
    photo = form.save()
    return JsonResponse(
        {"id": photo.pk, "url": photo.image.url, "name": str(photo)}, status=200 if stored_before else 201
    )


@login_required(login_url=LOGIN_URL)
def report_edit(request, pk):
    report = _report_or_404(request.user, pk)
    if not can_edit(request.user, report):
        messages.error(request, _("This report is being reviewed by the office and cannot be changed now."))
        return _for_the_phone(request, redirect("campaigns:report_detail", pk=report.pk))
    draft = report.get_latest_revision_as_object()
    form = ReportForm(request.POST or None, request.FILES or None, user=request.user, instance=draft)
    if request.method == "POST":
        _prune_pending_photos(request.user)
        if form.is_valid():
            with transaction.atomic():
                response = _save_from_form(request, form)
            if response:
                return _for_the_phone(request, response)
        else:
            refused = _refused_for_the_phone(request, form)
            if refused:
                return refused
    return _render_form(request, form, {"report": report, "creating": False, "reason": sent_back_reason(report)})


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
            # The phone forgets its kept copy of the form this report was saved from.
            "saved_form_key": report.form_key,
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

    latest = report.get_latest_revision_as_object()
    missing = latest.missing_for_sending()
    if missing:
        for message in missing.values():
            messages.error(request, message)
        return redirect("campaigns:report_edit", pk=report.pk)
    if report.status == ReportStatus.SUBMITTED:
        messages.info(request, _("The report is already with the office."))
        return redirect("campaigns:report_detail", pk=report.pk)
    submit(report, request.user)
    messages.success(request, _("The report was sent to the office for approval."))
    return redirect("campaigns:report_detail", pk=report.pk)


@login_required(login_url=LOGIN_URL)
def planned_vs_held(request):
    """The showings planned for a month or year in the user's regions, and which of them were held and reported."""
    _require_reporter(request.user)
    home = scope_regions(request.user)[0]
    if "year" not in request.GET:
        year, month = latest_planned_month(home, timezone.localdate())
        form = PlanFilterForm({"region": home.pk, "year": year, "month": month}, user=request.user)
    else:
        form = PlanFilterForm(request.GET, user=request.user)
    summary = None
    if form.is_valid():
        summary = planned.planned_vs_held(request.user, form.cleaned_data["region"], form.period())
    return render(
        request,
        "campaigns/planned.html",
        {"form": form, "summary": summary, "period": form.period() if summary else None},
    )


# What the report pages need to open with no signal: their styles and scripts, and the blank form.
OFFLINE_STATIC = (
    "css/jindu.css",
    "js/jindu.js",
    "campaigns/campaigns.css",
    "campaigns/report_form.js",
    "campaigns/photo_store.js",
    "campaigns/report_fields.js",
    "campaigns/report_store.js",
    "campaigns/report_sender.js",
    "campaigns/offline_reports.js",
    "campaigns/icons/report-192.png",
)


def offline_urls():
    # The list of reports is not kept: the phone holds no more of the office's data than the blank form.
    return [reverse("campaigns:report_create"), *map(static, OFFLINE_STATIC)]


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """The report pages' service worker, served from /reports/ so that it may control them."""
    urls = offline_urls()
    # A new release renames its static files, so the worker's bytes change and phones fetch the new set.
    version = hashlib.sha256("\n".join(urls).encode()).hexdigest()[:12]
    response = render(
        request,
        "campaigns/service_worker.js",
        {
            "urls": urls,
            "version": version,
            "scope": reverse("campaigns:report_list"),
            "form_url": reverse("campaigns:report_create"),
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = reverse("campaigns:report_list")
    return response


@require_GET
def web_manifest(request):
    """The web app manifest: the report pages install on a phone's home screen as 禁毒宣传填报."""
    icons = [
        {"src": static(f"campaigns/icons/report-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    manifest = {
        "name": _("Anti-drug publicity reports"),
        "short_name": _("Publicity reports"),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("campaigns:report_list"),
        "scope": reverse("campaigns:report_list"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#b3261e",
        "icons": icons,
    }
    return JsonResponse(manifest, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
