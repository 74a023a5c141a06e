"""The article feeds: newest first, live public articles only, links at the public address, found from the pages."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site

from jindu.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def articles(site_tree):
    home, index = site_tree
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "jindu.example.cn", 443
    site.save()
    old = ArticlePageFactory(parent=index, title="冰毒的危害", date=datetime.date(2026, 3, 1), tags=["冰毒"])
    new = ArticlePageFactory(parent=index, title="拒绝新型毒品", date=datetime.date(2026, 6, 1))
    draft = ArticlePageFactory(parent=index, title="草稿文章", live=False)
    private = ArticlePageFactory(parent=index, title="内部文章")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return index, old, new, draft


def test_rss_lists_live_public_articles_newest_first_at_the_public_address(articles, client):
    index, old, new, _draft = articles
    response = client.get(reverse("article_feed"), HTTP_HOST="testserver")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["拒绝新型毒品", "冰毒的危害"]
    links = [item.findtext("link") for item in channel.findall("item")]
    assert links == [
        "https://jindu.example.cn/knowledge/" + new.slug + "/",
        "https://jindu.example.cn/knowledge/" + old.slug + "/",
    ]
    assert channel.findtext("link") == "https://jindu.example.cn/"
    assert channel.findall("item")[1].findtext("category") == "冰毒"
    assert channel.findall("item")[0].findtext("description") == new.summary


def test_atom_feed_and_the_pages_point_readers_to_the_feeds(articles, client):
    index, _old, new, _draft = articles
    response = client.get(reverse("article_atom_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}title") == new.title
    listing = client.get(index.url).content.decode()
    assert reverse("article_feed") in listing and 'type="application/atom+xml"' in listing


def test_feed_query_count_does_not_grow_with_its_items(articles, client):
    index = articles[0]
    client.get(reverse("article_feed"))  # the site's root paths are looked up once, then kept
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("article_feed"))
    for number in range(10):
        ArticlePageFactory(parent=index, title=f"更多文章{number}", tags=["毒品"])
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("article_feed")).content.count(b"<item>") == 12
    assert len(many) == len(few)
