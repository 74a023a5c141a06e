import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jindu import sitemaps
from jindu.factories import ArticlePageFactory


def locations(response):
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


@pytest.fixture
def articles(site_tree):
    home, index = site_tree
    return home, index, [ArticlePageFactory(parent=index) for _ in range(3)]


@pytest.fixture
def large_site(monkeypatch):
    """The thresholds of a large site, on a site of a few pages."""
    monkeypatch.setattr(sitemaps, "SPLIT_AT", 2)
    monkeypatch.setattr(sitemaps.SectionSitemap, "limit", 2)


@pytest.mark.django_db
def test_small_site_sitemap_lists_every_page(client, articles):
    _home, index, pages = articles
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert b"<urlset" in response.content
    found = locations(response)
    assert "http://testserver/" in found
    assert f"http://testserver{index.url}" in found
    assert all(f"http://testserver{page.url}" in found for page in pages)


@pytest.mark.django_db
def test_sitemap_is_kept_until_content_changes(client, articles, page_cache):
    _home, index, _pages = articles
    first = client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/sitemap.xml")
    assert len(queries) == 0, [query["sql"] for query in queries]
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]

    new = ArticlePageFactory(parent=index)  # publishing starts a new generation
    assert f"http://testserver{new.url}" in locations(client.get("/sitemap.xml"))


@pytest.mark.django_db
def test_large_site_gets_a_sitemap_index_by_section(client, articles, large_site, page_cache):
    _home, index, pages = articles
    response = client.get("/sitemap.xml")
    assert b"<sitemapindex" in response.content
    assert locations(response) == [
        "http://testserver/sitemap-home.xml",
        f"http://testserver/sitemap-{index.slug}.xml",
        f"http://testserver/sitemap-{index.slug}.xml?p=2",
    ]
    section = locations(client.get(f"/sitemap-{index.slug}.xml")) + locations(
        client.get(f"/sitemap-{index.slug}.xml", {"p": 2})
    )
    assert section == [f"http://testserver{page.url}" for page in [index, *pages]]
    assert locations(client.get("/sitemap-home.xml")) == ["http://testserver/"]

    with CaptureQueriesContext(connection) as queries:
        client.get(f"/sitemap-{index.slug}.xml", {"p": 2})
    assert len(queries) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/sitemap-nowhere.xml", "/sitemap-home.xml?p=9", "/sitemap-home.xml?p=abc"])
def test_unknown_sitemap_sections_and_parts_are_not_found(client, articles, page_cache, address):
    assert client.get(address).status_code == 404
