from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtailmedia.forms import BaseMediaForm

from media.vtt import parse_webvtt


def check_size(upload, limit):
    if upload and upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the largest allowed is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


class MediaUploadForm(BaseMediaForm):
    """wagtailmedia's upload form with our size limit; the allowed extensions come from WAGTAILMEDIA."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload is not getattr(self.instance, "file", None):
            check_size(upload, settings.JINDU_MEDIA_MAX_UPLOAD_SIZE)
        return upload

    def clean_thumbnail(self):
        upload = self.cleaned_data.get("thumbnail")
        if upload and upload is not getattr(self.instance, "thumbnail", None):
            check_size(upload, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
        return upload


class SubtitleTrackForm(WagtailAdminModelForm):
    """Upload a .vtt file; it is checked as WebVTT and its text stored with the track."""

    upload = forms.FileField(
        label=_("WebVTT file (.vtt)"),
        required=False,
        help_text=_("A UTF-8 WebVTT file starting with WEBVTT. When editing, leave empty to keep the current file."),
        widget=forms.FileInput(attrs={"accept": ".vtt,text/vtt"}),
    )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            if not self.instance.pk:
                raise ValidationError(_("Choose a WebVTT subtitle file to upload."), code="required")
            return None
        check_size(upload, settings.JINDU_SUBTITLE_MAX_UPLOAD_SIZE)
        data = upload.read()
        cues = parse_webvtt(data)
        self.cleaned_cues = cues
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")

    def save(self, commit=True):
        content = self.cleaned_data.get("upload")
        if content:
            self.instance.content = content
            self.instance.cue_count = len(self.cleaned_cues)
        return super().save(commit=commit)
