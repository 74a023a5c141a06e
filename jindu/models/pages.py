import hashlib

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from jindu.blocks import BodyBlock
from jindu.pagecache import CachedPageMixin, remember
from jindu.pagequeries import KeptRestrictionsMixin, public


class KeptCountPaginator(Paginator):
    """A paginator whose item count is kept under `count_key` until the next content change."""

    def __init__(self, object_list, per_page, count_key):
        super().__init__(object_list, per_page)
        self.count_key = count_key

    @cached_property
    def count(self):
        return remember("count:" + hashlib.sha256(self.count_key.encode()).hexdigest(), self.object_list.count)


def paginate(request, items, per_page, count_key=None):
    """The page of `items` that ?page= asks for; out-of-range numbers give the last page.

    `count_key`: for a listing of content only (pages, images, tags), the key its count is kept
    under until the next content change, so a page of it costs no count query.
    """
    paginator = KeptCountPaginator(items, per_page, count_key) if count_key else Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class SharingMixin(models.Model):
    """Fields for how a page looks when shared in WeChat (Open Graph)."""

    share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared in WeChat; the listing image is used if empty."),
    )

    sharing_panels = [FieldPanel("share_image")]
    og_type = "website"

    class Meta:
        abstract = True

    def get_share_image(self):
        return self.share_image

    def get_share_description(self):
        return self.search_description


def routes_itself(page, rest):
    """Whether `page` (not yet specific) has a route of its own for the rest of an address."""
    page_class = page.specific_class
    if page_class is None or not issubclass(page_class, RoutablePageMixin):
        return False
    try:
        page_class.get_resolver().resolve("/" + "/".join(rest) + "/")
    except Http404:
        return False
    return True


class HomePage(KeptRestrictionsMixin, CachedPageMixin, SharingMixin, Page):
    """The front page: an introduction and the newest articles."""

    intro = models.CharField(
        _("introduction"),
        max_length=200,
        blank=True,
        help_text=_("One sentence under the site title, e.g. 珍爱生命 远离毒品."),
    )
    body = RichTextField(_("body"), blank=True, features=["bold", "italic", "link"])
    hotline_note = models.CharField(
        _("hotline note"),
        max_length=100,
        blank=True,
        help_text=_("A short line shown beside the hotline, e.g. 发现涉毒线索请拨打."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body"), FieldPanel("hotline_note")]
    promote_panels = Page.promote_panels + SharingMixin.sharing_panels
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find a page deeper in the tree by its address in one query, not two for each level.

        Wagtail's routing asks each page on the way for its child. That order matters only where a
        page on the way has a route of its own for the rest of the address (the show schedule's
        past and calendar views), so such paths are left to it.
        """
        if path_components:
            prefixes = [
                self.url_path + "/".join(path_components[:end]) + "/" for end in range(1, len(path_components) + 1)
            ]
            found = {page.url_path: page for page in Page.objects.filter(url_path__in=prefixes).descendant_of(self)}
            on_the_way = [found.get(prefix) for prefix in prefixes[:-1]]
            target = found.get(prefixes[-1])
            if target is not None and not any(
                page is None or routes_itself(page, path_components[depth:])
                for depth, page in enumerate(on_the_way, start=1)
            ):
                return target.specific.route(request, [])
        return super().route(request, path_components)

    def latest_articles(self, count=6):
        return (
            public(ArticlePage.objects.live())
            .descendant_of(self)
            .select_related("listing_image")
            .prefetch_related("tags", "listing_image__renditions")
            .order_by("-date", "-pk")[:count]
        )

    def article_indexes(self):
        return public(ArticleIndexPage.objects.live()).child_of(self)


class ArticleIndexPage(KeptRestrictionsMixin, CachedPageMixin, SharingMixin, Page):
    """A listing of awareness articles, filterable by tag."""

    page_cache_params = ("page", "tag")

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = Page.promote_panels + SharingMixin.sharing_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["jindu.HomePage"]
    subpage_types = ["jindu.ArticlePage"]
    per_page = 12

    class Meta:
        verbose_name = _("article index page")

    def live_articles(self):
        return public(ArticlePage.objects.live()).child_of(self)

    def articles(self):
        return (
            self.live_articles()
            .select_related("listing_image")
            .prefetch_related("tags", "listing_image__renditions")
            .order_by("-date", "-pk")
        )

    def all_tags(self):
        """Tags in use on this listing's live articles, most used first."""
        return (
            Tag.objects.filter(jindu_articlepagetag_items__content_object__in=self.live_articles().values("pk"))
            .annotate(article_count=models.Count("jindu_articlepagetag_items"))
            .order_by("-article_count", "name")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.articles()
        tag = request.GET.get("tag", "").strip()
        if tag:
            articles = articles.filter(tags__name=tag)
        context["current_tag"] = tag
        context["query_prefix"] = urlencode({"tag": tag}) + "&" if tag else ""
        context["articles"] = paginate(request, articles, self.per_page, count_key=f"article-count:{self.pk}:{tag}")
        context["tags"] = self.all_tags()
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("jindu.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE)


class ArticlePage(KeptRestrictionsMixin, CachedPageMixin, SharingMixin, Page):
    """An awareness article: drug types and harms, the law, how to refuse."""

    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences shown in listings and search results."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    listing_image_alt = models.CharField(
        _("listing image alt text"),
        max_length=200,
        blank=True,
        help_text=_("Describe the image for people who cannot see it. Required when there is an image."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("tags")], heading=_("Details")),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("listing_image"), FieldPanel("listing_image_alt")], heading=_("Listing image")),
        FieldPanel("body"),
    ]
    promote_panels = Page.promote_panels + SharingMixin.sharing_panels
    # The admin page search uses autocomplete fields, so the body is listed there too.
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("tags"),
        index.AutocompleteField("summary"),
        index.AutocompleteField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["jindu.ArticleIndexPage"]
    subpage_types = []
    og_type = "article"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["date", "page_ptr"], name="article_date_idx")]

    @classmethod
    def get_indexed_objects(cls):
        # `update_index` reads every article's tags: fetch them with each batch, not one by one.
        return super().get_indexed_objects().prefetch_related("tagged_items__tag")

    def clean(self):
        super().clean()
        if self.listing_image and not self.listing_image_alt.strip():
            raise ValidationError({"listing_image_alt": _("Describe the listing image for people who cannot see it.")})

    def get_share_image(self):
        return self.share_image or self.listing_image

    def get_share_description(self):
        return self.search_description or self.summary

    def related_articles(self, count=3):
        """Other live articles sharing a tag with this one, newest first."""
        tagged = ArticlePageTag.objects.filter(tag__in=self.tags.all()).values("content_object_id")
        return (
            public(ArticlePage.objects.live())
            .filter(pk__in=tagged)
            .exclude(pk=self.pk)
            .order_by("-date", "-pk")[:count]
        )
