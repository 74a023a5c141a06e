from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from events.filters import SCHEDULE_FILTERS
from events.models.lists import ArtForm, EventKind
from events.models.showings import Showing
from events.schedule import event_poster, schedule_listing, schedule_month
from jindu.blocks import BodyBlock
from jindu.models.pages import SharingMixin
from jindu.models.vocabulary import Dialect
from jindu.pagecache import CachedPageMixin, keep_until
from jindu.pagequeries import KeptRestrictionsMixin, public


class EventIndexPage(KeptRestrictionsMixin, CachedPageMixin, RoutablePageMixin, SharingMixin, Page):
    """The public schedule: upcoming showings, a month calendar, the archive and calendar feeds."""

    page_cache_params = ("page", *SCHEDULE_FILTERS)

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = Page.promote_panels + SharingMixin.sharing_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["jindu.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event schedule page")

    def live_events(self):
        return public(EventPage.objects.live()).descendant_of(self)

    def showings(self):
        """Showings of this schedule's live, public events."""
        return Showing.objects.filter(event_id__in=self.live_events().values("pk"))

    @path("")
    def upcoming_view(self, request):
        return schedule_listing(request, self, past=False)

    @path("past/")
    def past_view(self, request):
        return schedule_listing(request, self, past=True)

    @path("calendar/")
    @path("calendar/<int:year>/<int:month>/")
    def calendar_view(self, request, year=None, month=None):
        return schedule_month(request, self, year, month)

    def url_for(self, route, *args):
        return self.url + self.reverse_subpage(route, args=args)

    def feed_url(self):
        return reverse("events_schedule_ics", args=[self.pk])


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey("events.EventPage", related_name="tagged_items", on_delete=models.CASCADE)


class EventPage(KeptRestrictionsMixin, CachedPageMixin, RoutablePageMixin, SharingMixin, Page):
    """A show or outreach event, with one showing or a whole tour of them."""

    kind = models.CharField(
        pgettext_lazy("event", "kind"), max_length=20, choices=EventKind.choices, default=EventKind.PERFORMANCE
    )
    art_forms = ParentalManyToManyField(ArtForm, verbose_name=_("art forms"), blank=True, related_name="events")
    dialects = ParentalManyToManyField(
        Dialect,
        verbose_name=_("dialects"),
        blank=True,
        related_name="events",
        help_text=_("The languages the show is given in, so that elderly villagers know they will understand it."),
    )
    troupe = models.ForeignKey(
        "events.Troupe",
        verbose_name=_("troupe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    organiser = models.CharField(
        _("organiser"), max_length=100, blank=True, help_text=_("e.g. 昌江黎族自治县禁毒委员会办公室")
    )
    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences for listings, posters and calendars.")
    )
    poster_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("poster image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    poster_image_alt = models.CharField(
        _("poster image alt text"),
        max_length=200,
        blank=True,
        help_text=_("Describe the image for people who cannot see it. Required when there is an image."),
    )
    campaign = models.ForeignKey(
        "jindu.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("The campaign this event belongs to, e.g. 全民禁毒宣传月."),
    )
    past_performance = models.ForeignKey(
        "media.VideoPage",
        verbose_name=_("video of a past performance"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("A recording from the media library, so people can see what the show is like."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    tags = ClusterTaggableManager(through=EventPageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("art_forms", widget=forms.CheckboxSelectMultiple),
                FieldPanel("dialects", widget=forms.CheckboxSelectMultiple),
                FieldPanel("troupe"),
                FieldPanel("organiser"),
                FieldPanel("campaign"),
                FieldPanel("tags"),
            ],
            heading=_("Details"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("poster_image"), FieldPanel("poster_image_alt")], heading=_("Poster image")),
        FieldPanel("past_performance"),
        FieldPanel("body"),
    ]
    showing_panels = [
        InlinePanel(
            "showings",
            heading=_("Showings"),
            label=_("Showing"),
            help_text=_("To add a whole tour at once, use 'Add a series of showings' in the page's menu."),
        )
    ]
    promote_panels = Page.promote_panels + SharingMixin.sharing_panels
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(showing_panels, heading=_("Showings")),
            ObjectList(promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("organiser"),
        index.AutocompleteField("summary"),
        index.RelatedFields("troupe", [index.SearchField("name")]),
        index.RelatedFields("dialects", [index.SearchField("name")]),
        index.RelatedFields("art_forms", [index.SearchField("name")]),
        index.FilterField("kind"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("summary"),
        APIField("organiser"),
        APIField("dialect_names"),
        APIField("art_form_names"),
        APIField("troupe_name"),
        APIField("tag_names"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    og_type = "article"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.poster_image and not self.poster_image_alt.strip():
            raise ValidationError({"poster_image_alt": _("Describe the poster image for people who cannot see it.")})

    def get_share_image(self):
        return self.share_image or self.poster_image

    def get_share_description(self):
        return self.search_description or self.summary

    @property
    def dialect_names(self):
        return [dialect.name for dialect in self.dialects.all()]

    @property
    def art_form_names(self):
        return [art_form.name for art_form in self.art_forms.all()]

    @property
    def troupe_name(self):
        return self.troupe.name if self.troupe else ""

    @property
    def tag_names(self):
        return [tag.name for tag in self.tags.all()]

    def all_showings(self):
        return self.showings.select_related("region", "town").order_by("start", "pk")

    def upcoming_showings(self):
        now = timezone.now()
        return [showing for showing in self.all_showings() if showing.end >= now]

    def past_showings(self):
        now = timezone.now()
        return [showing for showing in self.all_showings() if showing.end < now][::-1]

    def showings_by_time(self):
        """`upcoming` and `past` showings (latest first) from one query."""
        now = timezone.now()
        showings = list(self.all_showings())
        return {
            "upcoming": [showing for showing in showings if showing.end >= now],
            "past": [showing for showing in showings if showing.end < now][::-1],
        }

    def schedule(self):
        parent = self.get_parent()
        return parent.specific if parent else None

    @path("")
    def detail_view(self, request):
        return keep_until(self.render(request), self.showings.all().next_change)

    @path("poster/")
    def poster_view(self, request):
        return event_poster(request, self)

    def poster_url(self):
        return self.url + self.reverse_subpage("poster_view")

    def feed_url(self):
        return reverse("events_event_ics", args=[self.pk])
