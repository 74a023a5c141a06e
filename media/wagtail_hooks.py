from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtailmedia.edit_handlers import MediaChooserPanel

from jindu.admin_columns import FlagColumn
from jindu.models import CampaignTheme
from jindu.spreadsheets import SafeSpreadsheetExportMixin
from media.forms import SubtitleTrackForm
from media.models import PublicityMaterial, SubtitleTrack, VideoTranscode


class SubtitleTrackIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("media")


class PublicityMaterialIndexView(SafeSpreadsheetExportMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("kind", "theme").with_download_totals()


class SubtitleTrackViewSet(ModelViewSet):
    model = SubtitleTrack
    icon = "doc-full"
    menu_label = _("Subtitles")
    edit_handler = ObjectList(
        [MediaChooserPanel("media"), FieldPanel("language"), FieldPanel("upload")],
        base_form_class=SubtitleTrackForm,
    )
    list_display = ["media", "language", NumberColumn("cue_count", label=_("Cues")), "updated_at"]
    list_filter = ["language"]
    search_fields = ["media__title"]
    index_view_class = SubtitleTrackIndexView
    inspect_view_enabled = False
    copy_view_enabled = False


class PublicityMaterialViewSet(ModelViewSet):
    model = PublicityMaterial
    icon = "download"
    menu_label = _("Publicity materials")
    list_display = [
        "title",
        "kind",
        "theme",
        FlagColumn(PublicityMaterial, "live"),
        NumberColumn("total_downloads", label=_("Downloads"), accessor="total_downloads"),
    ]
    list_filter = ["kind", "theme", "live"]
    list_export = ["title", "kind", "theme", "total_downloads"]
    export_headings = {"total_downloads": _("Downloads")}
    search_fields = ["title", "description"]
    index_view_class = PublicityMaterialIndexView
    inspect_view_enabled = False


class CampaignThemeViewSet(ModelViewSet):
    model = CampaignTheme
    icon = "tag"
    menu_label = _("Campaign themes")
    list_display = ["name", Column("sort_order", label=_("Order"))]
    search_fields = ["name"]
    inspect_view_enabled = False
    copy_view_enabled = False


class VideoTranscodeIndexView(IndexView):
    """Read-only: the worker writes these rows; editors watch them and fetch the original upload."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("media").prefetch_related("media__renditions")

    def get_add_url(self):
        return None

    def get_edit_url(self, instance):
        return None

    def get_copy_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None


def rendition_sizes(state):
    renditions = sorted(state.media.renditions.all(), key=lambda rendition: rendition.height)
    return format_html_join(
        " · ", '<a href="{}">{} {}</a>', ((r.url, r.label, filesizeformat(r.size)) for r in renditions)
    )


def original_link(state):
    """The uploaded file itself, for editors only: the public player offers the renditions."""
    media_item = state.media
    if not media_item.file:
        return ""
    try:
        size = filesizeformat(media_item.file.size)
    except OSError:
        size = ""
    return format_html('<a href="{}" download>{} {}</a>', media_item.file.url, _("Download original"), size)


class VideoTranscodeViewSet(ModelViewSet):
    model = VideoTranscode
    icon = "media"
    menu_label = _("Video transcoding")
    list_display = [
        "media",
        Column("status", label=_("Status"), accessor=lambda state: state.status_text()),
        Column("renditions", label=_("Renditions"), accessor=rendition_sizes),
        Column("original", label=_("Original"), accessor=original_link),
        "updated",
    ]
    list_filter = ["status"]
    search_fields = ["media__title"]
    index_view_class = VideoTranscodeIndexView
    inspect_view_enabled = False
    copy_view_enabled = False
    form_fields = ["media"]

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in {"index", "index_results"}]


class MediaExtrasViewSetGroup(ViewSetGroup):
    menu_label = _("Publicity")
    menu_icon = "media"
    menu_order = 310
    items = (
        SubtitleTrackViewSet("subtitles"),
        VideoTranscodeViewSet("media_transcodes"),
        PublicityMaterialViewSet("materials"),
        CampaignThemeViewSet("themes"),
    )


@hooks.register("register_admin_viewset")
def register_media_viewsets():
    return MediaExtrasViewSetGroup()
