import datetime
import uuid

from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from events.models import Showing
from jindu.models import Campaign, MaterialKind

from .access import scope_regions, visible_regions
from .models import ActivityReport, ActivityType, PendingPhoto
from .periods import Period

MAX_PHOTOS = 9
FIGURE_FIELDS = ("sessions", "people_reached", "households_visited")


SHOWING_LOOKBACK_DAYS = 90


def recent_showings(regions, today):
    """Showings of the last few months held in the regions the user may report for."""
    since = today - datetime.timedelta(days=SHOWING_LOOKBACK_DAYS)
    return (
        Showing.objects.filter(region__in=regions, start__date__gte=since, start__date__lte=today)
        .select_related("event", "region")
        .order_by("-start")
    )


def showing_label(showing):
    start = timezone.localtime(showing.start)
    return f"{start:%m-%d %H:%M} {showing.region.name} {showing.venue} · {showing.event.title}"


def photo_size_limit():
    return getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)


def check_photo_size(photo):
    limit = photo_size_limit()
    if photo.size > limit:
        raise forms.ValidationError(_("Each photo may be at most %(mb)d MB.") % {"mb": limit // (1024 * 1024)})


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """Several photos in one file input."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/*"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportForm(forms.ModelForm):
    """The report an officer fills in on a phone; material kinds are one number field each.

    A draft needs only a date and a place; sending needs the activity type too. Photos chosen
    before a validation error wait as pending photos under the form's key, so nobody chooses them again.
    """

    photos = MultipleImageField(
        label=_("Add photos"),
        required=False,
        help_text=_("Up to %(count)d photos. They are made smaller on your phone before they are sent.")
        % {"count": MAX_PHOTOS},
    )
    form_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ActivityReport
        fields = [
            "date",
            "region",
            "activity_type",
            "campaign",
            "showing",
            "title",
            "sessions",
            "people_reached",
            "households_visited",
            "large_audience_confirmed",
            "notes",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "sessions": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "people_reached": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "households_visited": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.sending = "submit" in self.data
        self.initial.setdefault("form_key", uuid.uuid4())
        regions = visible_regions(user)
        self.fields["region"].queryset = regions
        self.fields["region"].label_from_instance = lambda region: region.indented_name
        self.fields["region"].empty_label = _("Choose the town or village")
        self.fields["activity_type"].queryset = ActivityType.objects.filter(active=True)
        self.fields["activity_type"].empty_label = _("Choose the activity type")
        self.fields["activity_type"].help_text = _("Needed to send the report; a draft may leave it empty.")
        for name, message in ActivityReport(activity_type=None).missing_for_sending().items():
            # The phone checks these before it keeps a report to send later (offline_reports.js).
            self.fields[name].widget.attrs["data-needed-to-send"] = message
        self.fields["campaign"].queryset = Campaign.objects.all()
        self.fields["campaign"].empty_label = _("Not part of a campaign")
        today = timezone.localdate()
        self.fields["showing"].queryset = recent_showings(regions, today)
        self.fields["showing"].label_from_instance = showing_label
        self.fields["showing"].empty_label = _("Not a showing from the schedule")
        # "showing" alone reads 场次 in the events catalogue, which wins over ours.
        self.fields["showing"].label = _("Showing from the schedule")
        self.fields["date"].widget.attrs["max"] = today.isoformat()
        for name in FIGURE_FIELDS:
            # An empty figure means the field's default, so that a draft needs no figures at all.
            self.fields[name].required = False
        if not self.instance.pk:
            # model_to_dict() puts None under every key, so setdefault() would not fill them.
            self.initial["date"] = self.initial.get("date") or today
            roots = scope_regions(user)
            if len(roots) == 1:
                self.initial["region"] = self.initial.get("region") or roots[0].pk
            running = Campaign.objects.filter(start_date__lte=today, end_date__gte=today).first()
            if running:
                self.initial["campaign"] = self.initial.get("campaign") or running.pk
        self.kinds = list(MaterialKind.objects.filter(active=True))
        existing = {line.kind_id: line.quantity for line in self.instance.materials.all()} if self.instance.pk else {}
        for kind in self.kinds:
            self.fields[f"material_{kind.pk}"] = forms.IntegerField(
                label=f"{kind.name}（{kind.unit}）",
                min_value=0,
                max_value=10_000_000,
                required=False,
                initial=existing.get(kind.pk),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            )
        self.existing_photos = list(self.instance.photos.all()) if self.instance.pk else []
        self.pending_photos = self._pending_photos()
        if self.pending_photos:
            self.fields["discard_pending"] = forms.MultipleChoiceField(
                label=_("Remove photos"),
                required=False,
                choices=[(photo.pk, str(photo)) for photo in self.pending_photos],
                widget=forms.CheckboxSelectMultiple,
            )
        if self.existing_photos:
            self.fields["remove_photos"] = forms.MultipleChoiceField(
                label=_("Remove photos"),
                required=False,
                choices=[(photo.pk, str(photo)) for photo in self.existing_photos],
                widget=forms.CheckboxSelectMultiple,
            )

    def key(self):
        """The form's key as sent back, or the new one it was drawn with; None when the sent one is not a key."""
        raw = self.data.get("form_key") if self.is_bound else self.initial["form_key"]
        try:
            return uuid.UUID(str(raw))
        except ValueError:
            return None

    def _pending_photos(self):
        key = self.key()
        if key is None:
            return []
        return list(PendingPhoto.objects.filter(user=self.user, form_key=key))

    def material_fields(self):
        return [self[f"material_{kind.pk}"] for kind in self.kinds]

    def clean_photos(self):
        photos = self.cleaned_data.get("photos") or []
        for photo in photos:
            check_photo_size(photo)
        kept = len(self.existing_photos) - len(self.data.getlist("remove_photos")) if self.existing_photos else 0
        kept += len(self.pending_photos) - len(self.data.getlist("discard_pending"))
        if kept + len(photos) > MAX_PHOTOS:
            raise forms.ValidationError(_("A report holds at most %(count)d photos.") % {"count": MAX_PHOTOS})
        return photos

    def clean(self):
        data = super().clean()
        for name in FIGURE_FIELDS:
            if name in data and data[name] is None:
                data[name] = ActivityReport._meta.get_field(name).get_default()
        if self.sending and not data.get("activity_type") and "activity_type" not in self.errors:
            for name, message in ActivityReport(activity_type=None).missing_for_sending().items():
                self.add_error(name, message)
        return data

    def keep_uploads(self):
        """After a validation error, keep the photos that were sent as pending photos of this form."""
        key = self.key()
        if key is None:
            return
        for upload in self.files.getlist("photos"):
            try:
                MultipleImageField().clean(upload)
                check_photo_size(upload)
            except forms.ValidationError:
                continue  # the error is shown beside the field; a file that is not a photo is not kept
            if len(self.pending_photos) + len(self.existing_photos) >= MAX_PHOTOS:
                break
            upload.seek(0)
            photo = PendingPhoto(user=self.user, form_key=key)
            photo.image.save(upload.name, upload, save=True)
            self.pending_photos.append(photo)
        discarded = set(self.data.getlist("discard_pending"))
        discard_photos([photo for photo in self.pending_photos if str(photo.pk) in discarded])
        self.pending_photos = [photo for photo in self.pending_photos if str(photo.pk) not in discarded]

    def kept_pending_photos(self):
        discarded = {int(pk) for pk in self.cleaned_data.get("discard_pending") or []}
        return [photo for photo in self.pending_photos if photo.pk not in discarded]

    def materials(self):
        """{MaterialKind: quantity} for every kind filled in, plus retired kinds already on the report."""
        result = {kind: self.cleaned_data.get(f"material_{kind.pk}") or 0 for kind in self.kinds}
        active = {kind.pk for kind in self.kinds}
        if self.instance.pk:
            for line in self.instance.materials.all():
                if line.kind_id not in active:
                    result[line.kind] = line.quantity
        return result

    def removed_photo_ids(self):
        return [int(pk) for pk in self.cleaned_data.get("remove_photos") or []]


def discard_photos(photos):
    """Delete pending photos with their files."""
    for photo in photos:
        photo.image.delete(save=False)
        photo.delete()


class PendingPhotoForm(forms.Form):
    """One photo sent ahead of its report form by the phone's script, so that it can show progress.

    A photo the phone kept while offline comes with its own `photo_key`: sent again (the answer was lost on the
    way), it is the photo already stored, not a second one.
    """

    form_key = forms.UUIDField()
    photo_key = forms.UUIDField(required=False)
    photo = forms.ImageField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.stored = None

    def clean_photo(self):
        photo = self.cleaned_data["photo"]
        check_photo_size(photo)
        return photo

    def _stored(self, key, photo_key):
        if not photo_key:
            return None
        return PendingPhoto.objects.filter(user=self.user, form_key=key, photo_key=photo_key).first()

    def clean(self):
        data = super().clean()
        key = data.get("form_key")
        self.stored = self._stored(key, data.get("photo_key")) if key else None
        if self.stored is None and key:
            if PendingPhoto.objects.filter(user=self.user, form_key=key).count() >= MAX_PHOTOS:
                raise forms.ValidationError(_("A report holds at most %(count)d photos.") % {"count": MAX_PHOTOS})
        return data

    def save(self):
        if self.stored is not None:
            return self.stored
        key, photo_key = self.cleaned_data["form_key"], self.cleaned_data.get("photo_key")
        photo = PendingPhoto(user=self.user, form_key=key, photo_key=photo_key)
        upload = self.cleaned_data["photo"]
        try:
            with transaction.atomic():
                photo.image.save(upload.name, upload, save=True)
        except IntegrityError:
            # The same photo arrived twice at once: the first one is kept.
            photo.image.delete(save=False)
            return self._stored(key, photo_key)
        return photo


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Send back"))])
    comment = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say why the report is sent back, so the officer can correct it."))
        return data


class PlanFilterForm(forms.Form):
    """Region and month (or whole year) of the planned-against-held page."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=None, empty_label=None)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = visible_regions(user)
        self.fields["region"].label_from_instance = lambda region: region.indented_name
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(year, year) for year in range(this_year, this_year - 6, -1)]
        self.fields["month"].choices = [("", _("Whole year")), *MONTHS.items()]

    def period(self):
        year, month = self.cleaned_data["year"], self.cleaned_data.get("month")
        return Period.month(year, month) if month else Period.year(year)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        help_text=_("Use the template: one report per row. Every row is imported, or none."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file may be at most 10 MB."))
        return upload
