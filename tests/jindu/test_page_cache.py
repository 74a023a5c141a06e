import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from jindu.factories import ArticlePageFactory, UserFactory
from jindu.models import FooterSettings, MainMenu, MainMenuItem

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def article(site_tree):
    _home, index = site_tree
    return ArticlePageFactory(parent=index, title="认识冰毒", slug="bing-du")


@pytest.mark.django_db
def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    page_cache, article, django_assert_num_queries
):
    first = Client().get(article.url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(article.url)
    assert second.status_code == 200 and second["X-Page-Cache"] == "hit"
    assert "认识冰毒" in second.content.decode()
    assert TOKEN.sub("", second.content.decode()) == TOKEN.sub("", first.content.decode())


@pytest.mark.django_db
def test_cached_pages_keep_the_security_headers(page_cache, article):
    Client().get(article.url)
    response = Client().get(article.url)
    assert response["X-Page-Cache"] == "hit"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_a_cached_page_needs_no_token_for_its_switches(page_cache, article):
    Client().get(article.url)
    reader = Client(enforce_csrf_checks=True)
    response = reader.get(article.url)
    assert response["X-Page-Cache"] == "hit"
    assert not TOKEN.findall(response.content.decode()) and not response.cookies

    toggle = reader.post("/display/large-text/", {"large_text": "1", "next": article.url})
    assert toggle.status_code == 302


@pytest.mark.django_db
def test_publishing_a_change_is_seen_at_once(page_cache, article):
    Client().get(article.url)
    assert Client().get(article.url)["X-Page-Cache"] == "hit"

    article.title = "认识甲基苯丙胺"
    article.save_revision().publish()

    response = Client().get(article.url)
    assert response["X-Page-Cache"] == "miss"
    assert "认识甲基苯丙胺" in response.content.decode()


@pytest.mark.django_db
def test_unpublished_and_restricted_pages_leave_the_cache(page_cache, site_tree):
    _home, index = site_tree
    gone = ArticlePageFactory(parent=index, slug="gone")
    private = ArticlePageFactory(parent=index, slug="private")
    for page in (gone, private):
        Client().get(page.url)
        assert Client().get(page.url)["X-Page-Cache"] == "hit"

    gone.unpublish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert Client().get("/knowledge/gone/").status_code == 404
    assert Client().get("/knowledge/private/").status_code == 302


@pytest.mark.django_db
def test_a_footer_change_is_seen_on_cached_pages(page_cache, site_tree):
    home, _index = site_tree
    Client().get("/")
    footer = FooterSettings.for_site(home.get_site())
    footer.hotline = "0773-1234567"
    footer.save()
    assert "0773-1234567" in Client().get("/").content.decode()


@pytest.mark.django_db
def test_large_text_and_english_readers_get_their_own_copies(page_cache, article):
    Client().get(article.url)

    large = Client()
    large.cookies["jindu_large_text"] = "1"
    response = large.get(article.url)
    assert response["X-Page-Cache"] == "miss" and 'class="large-text"' in response.content.decode()
    assert large.get(article.url)["X-Page-Cache"] == "hit"

    english = Client()
    english.cookies["django_language"] = "en"
    response = english.get(article.url)
    assert response["X-Page-Cache"] == "miss" and '<html lang="en"' in response.content.decode()

    assert '<html lang="zh-hans" class="">' in Client().get(article.url).content.decode()


@pytest.mark.django_db
def test_signed_in_readers_always_get_a_fresh_page(page_cache, article):
    Client().get(article.url)
    editor = Client()
    editor.force_login(UserFactory(is_superuser=True))
    response = editor.get(article.url)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert "wagtail-userbar" in response.content.decode()


@pytest.mark.django_db
def test_pages_that_do_not_opt_in_are_never_kept(page_cache, article):
    for _ in range(2):
        response = Client().get("/search/?q=冰毒")
        assert response.status_code == 200 and "X-Page-Cache" not in response


@pytest.mark.django_db
def test_a_sign_in_does_not_empty_the_cache(page_cache, article):
    Client().get(article.url)
    UserFactory(username="teacher")
    assert Client().login(
        request=RequestFactory().post("/sign-in/"), username="teacher", password="correct-horse-battery"
    )
    assert Client().get(article.url)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_the_page_cache_is_off_unless_configured(article):
    Client().get(article.url)
    assert "X-Page-Cache" not in Client().get(article.url)


@pytest.mark.django_db
def test_menu_and_footer_are_kept_between_pages_until_an_editor_changes_them(page_cache, site_tree):
    home, index = site_tree
    menu = MainMenu.for_site(home.get_site())
    MainMenuItem.objects.create(menu=menu, link_page=index, sort_order=1)
    client = Client()
    first = client.get("/search/?q=冰毒")
    assert 'href="/knowledge/"' in first.content.decode()
    with CaptureQueriesContext(connection) as kept:
        client.get("/search/?q=海洛因")
    assert not [query for query in kept.captured_queries if "jindu_mainmenu" in query["sql"]]
    assert not [query for query in kept.captured_queries if "jindu_footersettings" in query["sql"]]

    MainMenuItem.objects.create(menu=menu, link_url="/shows/", label="演出安排", sort_order=2)
    assert "演出安排" in client.get("/search/?q=冰毒").content.decode()


@pytest.mark.django_db
def test_the_menu_marks_the_current_section_on_kept_menus(page_cache, article):
    home = article.get_parent().get_parent()
    menu = MainMenu.for_site(home.get_site())
    MainMenuItem.objects.create(menu=menu, link_page=home, label="首页", sort_order=0)
    MainMenuItem.objects.create(menu=menu, link_page=article.get_parent(), sort_order=1)
    Client().get("/")
    html = Client().get(article.url).content.decode()
    assert '<a href="/knowledge/" aria-current="page">' in html
    assert '<a href="/" aria-current="page">' not in html


@pytest.mark.django_db
def test_an_anonymous_reader_with_a_session_still_gets_the_kept_page(page_cache, article):
    Client().get(article.url)
    quiz_taker = Client()
    session = quiz_taker.session
    session["education_open_attempts"] = {"1": "token"}
    session.save()
    quiz_taker.cookies["sessionid"] = session.session_key
    response = quiz_taker.get(article.url)
    assert response["X-Page-Cache"] == "hit"
    assert quiz_taker.session["education_open_attempts"] == {"1": "token"}


@pytest.mark.django_db
def test_made_up_query_strings_are_not_kept_but_share_links_are(page_cache, article):
    for number in range(3):
        response = Client().get(article.url, {"nonsense": number})
        assert response.status_code == 200 and "X-Page-Cache" not in response
    assert not [
        key for key in cache._cache if "jindu:pagecache:" in key and ":value:" not in key and "generation" not in key
    ]

    Client().get(article.url)
    shared = Client().get(article.url, {"from": "groupmessage", "isappinstalled": "0"})
    assert shared["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_listing_keeps_one_copy_per_tag(page_cache, site_tree):
    _home, index = site_tree
    ArticlePageFactory(parent=index, title="冰毒的危害", tags=["冰毒"])
    ArticlePageFactory(parent=index, title="大麻的危害", tags=["大麻"])
    Client().get(index.url, {"tag": "冰毒"})
    response = Client().get(index.url, {"tag": "冰毒"})
    assert response["X-Page-Cache"] == "hit"
    html = response.content.decode()
    assert "冰毒的危害" in html and "大麻的危害" not in html
    assert Client().get(index.url, {"tag": "大麻"})["X-Page-Cache"] == "miss"
