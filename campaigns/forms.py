import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Showing

from .access import scope_regions, visible_regions
from .models import ActivityReport, ActivityType, Campaign, MaterialKind
from .periods import Period

MAX_PHOTOS = 9


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
    return f"{start:%m-%d %H:%M} {showing.region.name} {showing.venue}：{showing.event.title}"


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
    """The report an officer fills in on a phone; material kinds are one number field each."""

    photos = MultipleImageField(label=_("Add photos"), required=False)

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
        regions = visible_regions(user)
        self.fields["region"].queryset = regions
        self.fields["region"].label_from_instance = lambda region: region.indented_name
        self.fields["activity_type"].queryset = ActivityType.objects.filter(active=True)
        self.fields["campaign"].queryset = Campaign.objects.all()
        today = timezone.localdate()
        self.fields["showing"].queryset = recent_showings(regions, today)
        self.fields["showing"].label_from_instance = showing_label
        self.fields["date"].widget.attrs["max"] = today.isoformat()
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
        if self.existing_photos:
            self.fields["remove_photos"] = forms.MultipleChoiceField(
                label=_("Remove photos"),
                required=False,
                choices=[(photo.pk, str(photo)) for photo in self.existing_photos],
                widget=forms.CheckboxSelectMultiple,
            )

    def material_fields(self):
        return [self[f"material_{kind.pk}"] for kind in self.kinds]

    def clean_photos(self):
        photos = self.cleaned_data.get("photos") or []
        limit = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
        for photo in photos:
            if photo.size > limit:
                raise forms.ValidationError(_("Each photo may be at most %(mb)d MB.") % {"mb": limit // (1024 * 1024)})
        kept = len(self.existing_photos) - len(self.data.getlist("remove_photos")) if self.existing_photos else 0
        if kept + len(photos) > MAX_PHOTOS:
            raise forms.ValidationError(_("A report holds at most %(count)d photos.") % {"count": MAX_PHOTOS})
        return photos

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


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Send back"))])
    comment = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say why the report is sent back, so the officer can correct it."))
        return data


def current_month():
    today = timezone.localdate()
    return Period.month(today.year, today.month)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx)"),
        help_text=_("Use the template: one report per row. Every row is imported, or none."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file may be at most 10 MB."))
        return upload
