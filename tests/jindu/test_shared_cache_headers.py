"""Anonymous public pages carry nothing that keeps nginx or a CDN from keeping them (issue 18, item 4)."""

import pytest
from django.test import Client

from jindu.factories import ArticlePageFactory, UserFactory


@pytest.fixture
def article(site_tree):
    _home, index = site_tree
    return ArticlePageFactory(parent=index, title="认识冰毒", slug="bing-du")


def assert_shareable(response):
    assert response.status_code == 200
    assert not response.cookies, response.cookies
    assert "cookie" not in response.get("Vary", "").lower(), response.get("Vary")


@pytest.mark.django_db
@pytest.mark.parametrize("cached", [False, True], ids=["page cache off", "page cache on"])
def test_anonymous_public_pages_set_no_cookie_and_do_not_vary_on_cookies(request, cached, article):
    if cached:
        request.getfixturevalue("page_cache")
    index = article.get_parent()
    for url in ["/", index.url, article.url, article.url]:
        assert_shareable(Client().get(url))


@pytest.mark.django_db
def test_readers_with_a_preference_still_get_shareable_pages_in_their_language(article):
    reader = Client()
    reader.cookies["django_language"] = "en"
    reader.cookies["jindu_large_text"] = "1"
    response = reader.get(article.url)
    assert_shareable(response)
    assert '<html lang="en" class="large-text">' in response.content.decode()


@pytest.mark.django_db
def test_signed_in_readers_pages_stay_out_of_shared_caches(article):
    reader = Client()
    reader.force_login(UserFactory())
    response = reader.get(article.url)
    assert response.status_code == 200 and "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_a_page_with_a_form_of_its_own_sets_its_cookie_and_varies(site_tree):
    response = Client().get("/sign-in/")
    assert "csrftoken" in response.cookies and "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_the_switches_work_without_a_csrf_token(article):
    reader = Client(enforce_csrf_checks=True)
    response = reader.post("/display/large-text/", {"large_text": "1", "next": article.url})
    assert response.status_code == 302 and response["Location"] == article.url
    response = reader.post("/i18n/setlang/", {"language": "en", "next": article.url})
    assert response.status_code == 302 and response["Location"] == article.url
    assert '<html lang="en" class="large-text">' in reader.get(article.url).content.decode()


@pytest.mark.django_db
def test_the_switches_send_readers_back_only_to_this_site(article):
    reader = Client()
    response = reader.post("/display/large-text/", {"large_text": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    response = reader.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"
