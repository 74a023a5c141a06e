"""The frame around every page (site name, main menu, footer) and the Wagtail userbar."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jindu.factories import ArticlePageFactory, UserFactory
from jindu.models import FooterSettings, MainMenu, MainMenuItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def framed_site(site_tree):
    home, index = site_tree
    site = home.get_site()
    site.site_name = "临桂禁毒"
    site.save()
    footer = FooterSettings.for_site(site)
    footer.icp_number = "桂ICP备12345678号-1"
    footer.save()
    menu = MainMenu.for_site(site)
    menu.items = [MainMenuItem(link_page=index, label="禁毒知识")]
    menu.save()
    return site


FRAME_TABLES = ("wagtailcore_site", "jindu_footersettings", "jindu_mainmenu")


def tables_read(queries):
    return {table for query in queries for table in FRAME_TABLES if table in query["sql"]}


def test_a_page_reads_site_menu_and_footer_from_the_cache_until_content_changes(page_cache, framed_site):
    # The search page is rendered for every reader (it is never kept whole), so only its frame is kept.
    first = Client().get("/search/")
    with CaptureQueriesContext(connection) as second_queries:
        second = Client().get("/search/")
    for response in (first, second):
        assert response.status_code == 200
        html = response.text
        assert "<title>" in html and "临桂禁毒" in html.split("</title>", 1)[0]
        assert "禁毒知识" in html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
        assert "桂ICP备12345678号-1" in html.split('<footer class="site-footer"', 1)[1]
    assert tables_read(second_queries.captured_queries) == set()

    footer = FooterSettings.for_site(framed_site)
    footer.icp_number = "桂ICP备87654321号-2"
    footer.save()
    framed_site.site_name = "临桂区禁毒办"
    framed_site.save()

    html = Client().get("/search/").text
    assert "临桂区禁毒办" in html.split("</title>", 1)[0]
    assert "桂ICP备87654321号-2" in html and "桂ICP备12345678号-1" not in html


def test_without_the_cache_the_frame_is_read_each_time(framed_site):
    with CaptureQueriesContext(connection) as queries:
        html = Client().get("/search/").text
    assert "临桂禁毒" in html and "桂ICP备12345678号-1" in html
    assert tables_read(queries.captured_queries) == {"wagtailcore_site", "jindu_footersettings", "jindu_mainmenu"}


def test_the_userbar_shows_on_pages_and_not_on_other_views(site_tree):
    _home, index = site_tree
    article = ArticlePageFactory(parent=index, title="认识冰毒")
    editor = Client()
    editor.force_login(UserFactory(is_superuser=True))
    assert "wagtail-userbar" in editor.get(article.url).text
    assert "wagtail-userbar" not in editor.get("/search/").text


def test_a_signed_in_reader_off_pages_costs_no_permission_lookup(page_cache, framed_site):
    reader = Client()
    reader.force_login(UserFactory())
    reader.get("/search/")
    with CaptureQueriesContext(connection) as queries:
        assert reader.get("/search/").status_code == 200
    assert not [query for query in queries.captured_queries if "auth_permission" in query["sql"]]


def permission_lookups(queries):
    return [query for query in queries if "auth_permission" in query["sql"]]


def test_a_signed_in_reader_on_pages_costs_no_permission_lookup(page_cache, framed_site):
    article = ArticlePageFactory(parent=framed_site.root_page.get_children().first(), title="认识冰毒")
    reader = Client()
    reader.force_login(UserFactory())
    reader.get(article.url)  # the first page after signing in asks once, for the whole session
    with CaptureQueriesContext(connection) as queries:
        html = reader.get(article.url).text
    assert "认识冰毒" in html and "wagtail-userbar" not in html
    assert not permission_lookups(queries.captured_queries)


def test_an_editor_gets_the_userbar_and_loses_it_as_soon_as_the_admin_is_taken_away(page_cache, framed_site):
    article = ArticlePageFactory(parent=framed_site.root_page.get_children().first(), title="认识冰毒")
    editors = Group.objects.create(name="编辑")
    editors.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user = UserFactory()
    user.groups.add(editors)
    editor = Client()
    editor.force_login(user)
    assert "wagtail-userbar" in editor.get(article.url).text

    user.groups.remove(editors)
    assert "wagtail-userbar" not in editor.get(article.url).text


def test_a_page_rendered_for_its_reader_reads_neither_the_site_nor_the_root_page(page_cache, framed_site):
    """Wagtail's page view is handed the kept site with its root page (jindu/frame.py): only the route is read.

    This fails if Wagtail stops reusing the site it is handed on the request.
    """
    article = ArticlePageFactory(parent=framed_site.root_page.get_children().first(), title="认识冰毒")
    Client().get(article.url, {"fresh": "1"})
    with CaptureQueriesContext(connection) as queries:
        html = Client().get(article.url, {"fresh": "1"}).text
    assert "认识冰毒" in html and "临桂禁毒" in html.split("</title>", 1)[0]
    assert tables_read(queries.captured_queries) == set()
    root = framed_site.root_page_id
    root_reads = [query for query in queries.captured_queries if f'_id" = {root} LIMIT' in query["sql"]]
    root_reads += [query for query in queries.captured_queries if f'"id" = {root} LIMIT' in query["sql"]]
    assert not root_reads
