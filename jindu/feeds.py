"""The articles as an RSS 2.0 and an Atom feed, for feed readers and the offices' own sites to follow.

Links name the site's one public address (jindu/public_address.py), never the host a request came in on.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from jindu.models import ArticlePage
from jindu.public_address import absolute_url, public_site

FEED_ITEMS = 30


class ArticleFeed(Feed):
    description = _("New awareness articles: drug types and harms, the law, and how to say no.")

    def get_object(self, request):
        self.request = request
        return public_site(request)

    def title(self, site):
        name = site.site_name if site else ""
        return f"{name} · {_('Articles')}" if name else str(_("Drug prevention articles"))

    def link(self, site):
        return absolute_url("/", self.request)

    def feed_url(self, site):
        return absolute_url(self.request.path, self.request)

    def items(self, site):
        articles = ArticlePage.objects.live().public().specific()
        if site is not None:
            articles = articles.descendant_of(site.root_page)
        return articles.prefetch_related("tags").order_by("-date", "-first_published_at")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        published = item.first_published_at
        if published and timezone.localdate(published) == item.date:
            return published
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(8)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description
