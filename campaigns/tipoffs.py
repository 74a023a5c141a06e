"""The tip-off form's own fields and limits, and the office's scoped list, detail, photos and export.

A sender stays anonymous unless they write a contact. A form sent back with an error keeps the photos already
chosen: they wait in private storage under a signed name carried by the form, so nobody chooses them again.
"""

import mimetypes

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jindu.accounts import STAFF_SIGN_IN_URL
from jindu.client_ip import client_ip
from jindu.models.pages import paginate
from jindu.numbers import parse_id
from jindu.spreadsheets import no_store, xlsx_response

from .access import is_office, visible_regions
from .forms import check_photo_size
from .models.tipoffs import TipOff, TipOffStatus, private_storage, tip_off_photo_path

PHOTO_FIELDS = ("photo_1", "photo_2")
KEPT_SALT = "campaigns.tipoff.kept-photo"
RATE_WINDOW = 3600


def sends_per_hour():
    return getattr(settings, "JINDU_TIP_OFFS_PER_HOUR", 5)


def tip_off_form_class(builder_form):
    """The editor's questions, then an optional contact and up to two photos (`own_fields`)."""

    class TipOffForm(builder_form):
        own_fields = ("contact", *PHOTO_FIELDS, "kept_photo_1", "kept_photo_2")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["contact"] = forms.CharField(
                label=gettext_lazy("Contact (optional)"),
                required=False,
                max_length=100,
                help_text=gettext_lazy("Leave it empty to stay anonymous. A phone number lets the office ask more."),
            )
            for number, name in enumerate(PHOTO_FIELDS, start=1):
                self.fields[name] = forms.ImageField(
                    label=gettext_lazy("Photo %(number)d (optional)") % {"number": number},
                    required=False,
                    validators=[check_photo_size],
                    widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
                )
                self.fields[f"kept_photo_{number}"] = forms.CharField(required=False, widget=forms.HiddenInput)

        def kept_name(self, number):
            token = self.data.get(f"kept_photo_{number}", "")
            try:
                return signing.loads(token, salt=KEPT_SALT, max_age=86400) if token else ""
            except signing.BadSignature:
                return ""

        def kept_photos(self):
            return {number: self.kept_name(number) for number in (1, 2) if self.kept_name(number)}

        def clean(self):
            cleaned = super().clean()
            for number, name in enumerate(PHOTO_FIELDS, start=1):
                if not cleaned.get(name) and self.kept_name(number):
                    cleaned[name] = self.kept_name(number)
            return cleaned

    return TipOffForm


def keep_chosen_photos(form):
    """After an error elsewhere, keep each valid photo in private storage and carry its signed name in the form."""
    data = form.data.copy()
    for number, name in enumerate(PHOTO_FIELDS, start=1):
        upload = form.files.get(name)
        if upload is None or name in form.errors:
            continue
        upload.seek(0)
        stored = private_storage().save(tip_off_photo_path(None, upload.name), ContentFile(upload.read()))
        data[f"kept_photo_{number}"] = signing.dumps(stored, salt=KEPT_SALT)
    form.data = data


def over_limit(request):
    key = f"campaigns:tipoff:{client_ip(request)}:{int(timezone.now().timestamp() // RATE_WINDOW)}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > sends_per_hour()


def serve_tip_off_page(page, request, serve, *args, **kwargs):
    """Wagtail's form serving, with the per-client limit and photos kept across a form error."""
    if request.method == "POST":
        if over_limit(request):
            form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
            form.is_valid()
            form.add_error(None, _("Too many tip-offs from this network in the last hour. Please call the hotline."))
            context = page.get_context(request)
            context["form"] = form
            return render(request, page.get_template(request), context, status=429)
        form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
        if not form.is_valid():
            keep_chosen_photos(form)
            context = page.get_context(request)
            context["form"] = form
            return render(request, page.get_template(request), context, status=200)
        submission = page.process_form_submission(form)
        return page.render_landing_page(request, submission, *args, **kwargs)
    return serve(request, *args, **kwargs)


def visible_tip_offs(user):
    """The one scoping rule for tip-offs: the office sees those sent to its regions and below."""
    if not is_office(user):
        return TipOff.objects.none()
    return TipOff.objects.filter(region__in=visible_regions(user))


def office_view(view):
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), STAFF_SIGN_IN_URL)
        if not is_office(request.user):
            raise Http404
        return never_cache(view)(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def answers_of(tip_off):
    """(question, answer) pairs in the order the page asks them."""
    fields = {field.clean_name: field.label for field in tip_off.page.specific.form_fields.all()}
    data = tip_off.form_data
    return [(label, data.get(name, "")) for name, label in fields.items()]


@office_view
def tip_off_list(request):
    tip_offs = visible_tip_offs(request.user).select_related("region", "page").order_by("-submit_time")
    status = request.GET.get("status", "")
    if status in TipOffStatus.values:
        tip_offs = tip_offs.filter(status=status)
    return render(
        request,
        "campaigns/tipoff_list.html",
        {"tip_offs": paginate(request, tip_offs, 30), "status": status, "statuses": TipOffStatus.choices},
    )


@office_view
def tip_off_detail(request, pk):
    tip_off = get_object_or_404(visible_tip_offs(request.user).select_related("region", "handled_by"), pk=pk)
    return render(request, "campaigns/tipoff_detail.html", {"tip_off": tip_off, "answers": answers_of(tip_off)})


@require_POST
@office_view
def tip_off_handled(request, pk):
    tip_off = get_object_or_404(visible_tip_offs(request.user), pk=pk)
    tip_off.status = TipOffStatus.HANDLED
    tip_off.note = request.POST.get("note", "")[:2000]
    tip_off.handled_by, tip_off.handled_at = request.user, timezone.now()
    tip_off.save(update_fields=["status", "note", "handled_by", "handled_at"])
    return redirect("campaigns:tip_off_detail", pk=tip_off.pk)


@office_view
def tip_off_photo(request, pk, number):
    tip_off = get_object_or_404(visible_tip_offs(request.user), pk=pk)
    number = parse_id(number)
    photos = tip_off.photos()
    if number is None or number > len(photos):
        raise Http404
    photo = photos[number - 1]
    content_type = mimetypes.guess_type(photo.name)[0] or "application/octet-stream"
    response = FileResponse(photo.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


@office_view
def tip_off_export(request):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tip-offs")
    sheet.append([_("Received"), _("Region"), _("Status"), _("Contact"), _("Photos"), _("Answers")])
    for tip_off in visible_tip_offs(request.user).select_related("region", "page").order_by("-submit_time"):
        answers = "\n".join(f"{label}: {value}" for label, value in answers_of(tip_off))
        row = [
            timezone.localtime(tip_off.submit_time).strftime("%Y-%m-%d %H:%M"),
            tip_off.region.name,
            tip_off.get_status_display(),
            tip_off.contact,
            len(tip_off.photos()),
            answers,
        ]
        sheet.append(row)
    return no_store(xlsx_response(workbook, f"{_('Tip-offs')}-{timezone.localdate():%Y%m%d}.xlsx"))
