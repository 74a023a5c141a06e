from itertools import groupby

from django.db import models
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtailmedia.edit_handlers import MediaChooserPanel
from wagtailmedia.models import MediaType

from jindu.models.pages import SharingMixin, paginate
from jindu.models.vocabulary import Dialect
from jindu.numbers import parse_id
from jindu.pagecache import CachedPageMixin, remember
from jindu.pagequeries import KeptRestrictionsMixin, public
from media.models.materials import PublicityMaterial
from media.models.subtitles import SubtitleTrack

KIND_LABELS = [(MediaType.VIDEO, _("Videos")), (MediaType.AUDIO, _("Audio"))]


class VideoPageTag(TaggedItemBase):
    content_object = ParentalKey("media.VideoPage", related_name="tagged_items", on_delete=models.CASCADE)


class VideoPage(KeptRestrictionsMixin, CachedPageMixin, SharingMixin, Page):
    """One micro-film, campaign video, performance recording or song, played in the browser's own player."""

    date = models.DateField(_("date"), default=timezone.localdate)
    media = models.ForeignKey(
        "wagtailmedia.Media",
        verbose_name=_("video or audio"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Upload MP4 video or MP3/M4A audio; add Mandarin subtitles under Publicity › Subtitles."),
    )
    poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("poster image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown before the video plays and in the library; 16:9 works best."),
    )
    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences shown in the library and search results.")
    )
    transcript = models.TextField(
        _("transcript"),
        blank=True,
        help_text=_("The words spoken or sung, in Mandarin. Shown below the player and found by search."),
    )
    dialect = models.ForeignKey(
        Dialect,
        verbose_name=_("dialect"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recordings",
        help_text=_("The language spoken or sung, so that a show's audience can find recordings in their dialect."),
    )
    tags = ClusterTaggableManager(through=VideoPageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        MediaChooserPanel("media"),
        FieldPanel("poster"),
        MultiFieldPanel([FieldPanel("date"), FieldPanel("dialect"), FieldPanel("tags")], heading=_("Details")),
        FieldPanel("summary"),
        FieldPanel("transcript"),
        InlinePanel("related_articles", label=_("Related articles")),
    ]
    promote_panels = Page.promote_panels + SharingMixin.sharing_panels
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("transcript"),
        index.SearchField("tags"),
        index.AutocompleteField("summary"),
        index.AutocompleteField("transcript"),
        index.FilterField("dialect"),
        index.FilterField("date"),
    ]

    parent_page_types = ["media.MediaIndexPage"]
    subpage_types = []
    og_type = "video.other"

    class Meta:
        verbose_name = _("video or audio page")
        verbose_name_plural = _("video and audio pages")

    def clean(self):
        from media.tracking import check_trackable

        super().clean()
        check_trackable(self.media, "media")

    @property
    def kind(self):
        return self.media.type if self.media else None

    @property
    def is_audio(self):
        return self.kind == MediaType.AUDIO

    def get_share_image(self):
        return self.share_image or self.poster

    def media_file_size(self):
        """Bytes a reader downloads to play the file (the lowest rendition once made), shown before play; None if unknown."""
        if self.media is None or not self.media.file:
            return None
        lowest = self.media.renditions.order_by("height").values_list("size", flat=True).first()
        if lowest is not None:
            return lowest
        try:
            return self.media.file.size
        except OSError:
            return None

    def get_share_description(self):
        return self.search_description or self.summary

    def subtitle_tracks(self):
        return SubtitleTrack.objects.filter(media_id=self.media_id).for_player()

    def related_article_pages(self):
        return [
            link.article
            for link in self.related_articles.select_related("article").filter(
                article__live=True, article__view_restrictions__isnull=True
            )
        ]


class VideoPageRelatedArticle(Orderable):
    page = ParentalKey(VideoPage, on_delete=models.CASCADE, related_name="related_articles")
    article = models.ForeignKey(
        "jindu.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]


class MediaIndexPage(KeptRestrictionsMixin, CachedPageMixin, SharingMixin, Page):
    """The video and audio library, filterable by tag, dialect and kind."""

    page_cache_params = ("page", "tag", "dialect", "kind")

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = Page.promote_panels + SharingMixin.sharing_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["jindu.HomePage"]
    subpage_types = ["media.VideoPage"]
    per_page = 12

    class Meta:
        verbose_name = _("media library page")

    def live_items(self):
        return public(VideoPage.objects.live()).child_of(self)

    def items(self):
        return (
            self.live_items()
            .select_related("media", "poster", "dialect")
            .prefetch_related("tags", "poster__renditions")
            .order_by("-date", "-pk")
        )

    def all_tags(self):
        return (
            Tag.objects.filter(media_videopagetag_items__content_object__in=self.live_items().values("pk"))
            .annotate(item_count=models.Count("media_videopagetag_items"))
            .order_by("-item_count", "name")
        )

    def dialects_in_use(self):
        """(id, name) of the dialects the live recordings are in, in the dialect list's order."""
        dialects = Dialect.objects.filter(pk__in=self.live_items().values("dialect_id"))
        return [(str(dialect.pk), dialect.name) for dialect in dialects]

    def filter_options(self):
        """The tag names and dialects the filters offer, kept until the next content change."""
        return remember(
            f"media-index-filters:v2:{self.pk}",
            lambda: ([tag.name for tag in self.all_tags()], self.dialects_in_use()),
        )

    def filter_links(self, filters, key, options):
        """[(label, url, is_current)] for one filter, keeping the other filters; the first link clears it."""
        base = self.url

        def url_with(value):
            query = {**filters, key: value} if value else {k: v for k, v in filters.items() if k != key}
            return f"{base}?{urlencode(query)}" if query else base

        current = filters.get(key, "")
        return [(label, url_with(value), value == current) for value, label in options]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = self.items()
        filters = {}
        tag = request.GET.get("tag", "").strip()[:100]
        if tag:
            items = items.filter(tags__name=tag)
            filters["tag"] = tag
        tag_names, dialects = self.filter_options()
        dialect = parse_id(request.GET.get("dialect", ""))
        if dialect and str(dialect) in dict(dialects):
            items = items.filter(dialect_id=dialect)
            filters["dialect"] = str(dialect)
        kind = request.GET.get("kind", "")
        if kind in MediaType.values:
            items = items.filter(media__type=kind)
            filters["kind"] = kind
        query_prefix = urlencode(filters) + "&" if filters else ""
        context.update(
            filters=filters,
            query_prefix=query_prefix,
            items=paginate(request, items, self.per_page, count_key=f"media-count:{self.pk}:{query_prefix}"),
            kind_links=self.filter_links(filters, "kind", [("", _("All")), *KIND_LABELS]),
            dialect_links=self.filter_links(filters, "dialect", [("", _("All dialects")), *dialects]),
            tag_links=self.filter_links(filters, "tag", [("", _("All tags")), *((name, name) for name in tag_names)]),
        )
        return context


class DownloadCentrePage(KeptRestrictionsMixin, SharingMixin, Page):
    """Posters, leaflets and pledge-letter templates to download, grouped by campaign theme."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = Page.promote_panels + SharingMixin.sharing_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["jindu.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("download centre page")

    def theme_groups(self):
        """[(theme, [materials])] in theme order; the query count does not grow with the materials."""
        materials = PublicityMaterial.objects.published().for_listing()
        return [(theme, list(group)) for theme, group in groupby(materials, key=lambda material: material.theme)]
