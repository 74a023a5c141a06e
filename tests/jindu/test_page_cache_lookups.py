"""The page cache asks the cache only for requests it could answer (issue 18, item 3)."""

import pytest
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client

from education.factories import QuizPageFactory
from jindu.factories import ArticlePageFactory, UserFactory


class CountingCache(LocMemCache):
    """A real in-memory cache that records every key it is asked to read."""

    read_keys = []
    _missing = object()

    def get(self, key, default=None, version=None):
        self.read_keys.append(key)
        return super().get(key, default, version)

    def get_many(self, keys, version=None):
        self.read_keys.extend(keys)
        found = {key: LocMemCache.get(self, key, self._missing, version) for key in keys}
        return {key: value for key, value in found.items() if value is not self._missing}


def page_lookups():
    """Reads of whole kept pages (not of the generation, nor of a kept menu or footer)."""
    return [
        key
        for key in CountingCache.read_keys
        if key.startswith("jindu:pagecache:")
        and not key.startswith(("jindu:pagecache:generation:", "jindu:pagecache:value:"))
    ]


@pytest.fixture
def counting_cache(settings, page_cache):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.CountingCache", "LOCATION": "page-cache-lookups"}}
    cache.clear()
    CountingCache.read_keys.clear()
    yield
    cache.clear()


@pytest.fixture
def article(site_tree):
    _home, index = site_tree
    return ArticlePageFactory(parent=index, title="认识冰毒", slug="bing-du")


def lookups_for(request):
    CountingCache.read_keys.clear()
    response = request()
    assert response.status_code in (200, 302, 405), response.status_code
    return page_lookups()


@pytest.mark.django_db
def test_an_anonymous_reader_of_an_article_is_looked_up(counting_cache, article):
    assert len(lookups_for(lambda: Client().get(article.url))) == 1
    assert len(lookups_for(lambda: Client().get(article.url, {"from": "timeline"}))) == 1


@pytest.mark.django_db
def test_requests_the_cache_can_never_answer_skip_the_lookup(counting_cache, article):
    editor = Client()
    editor.force_login(UserFactory(is_superuser=True))
    anonymous = Client()
    requests = {
        "signed in": lambda: editor.get(article.url),
        "search": lambda: anonymous.get("/search/", {"q": "冰毒"}),
        "post": lambda: anonymous.post(article.url, {"x": "1"}),
        "unknown query": lambda: anonymous.get(article.url, {"nonsense": "1"}),
        "robots.txt": lambda: anonymous.get("/robots.txt"),
        "large text": lambda: anonymous.post("/display/large-text/", {"large_text": "1", "next": "/"}),
        "sign-in page": lambda: anonymous.get("/sign-in/"),
    }
    looked_up = {name: lookups_for(request) for name, request in requests.items()}
    assert looked_up == {name: [] for name in requests}


@pytest.mark.django_db
def test_a_quiz_address_is_looked_up_once_then_no_more(counting_cache, site_tree):
    home, _index = site_tree
    quiz = QuizPageFactory(parent=home, title="禁毒知识测验")
    anonymous = Client()
    assert len(lookups_for(lambda: anonymous.get(quiz.url))) == 1
    for _ in range(3):
        assert lookups_for(lambda: anonymous.get(quiz.url)) == []
    assert "禁毒知识测验" in anonymous.get(quiz.url).content.decode()


@pytest.mark.django_db
def test_an_address_that_starts_serving_a_cached_page_type_is_looked_up_again(counting_cache, site_tree):
    home, _index = site_tree
    quiz = QuizPageFactory(parent=home, title="禁毒知识测验", slug="learn")
    Client().get(quiz.url)
    assert lookups_for(lambda: Client().get("/learn/")) == []

    quiz.delete()
    ArticlePageFactory(parent=home, title="学习禁毒知识", slug="learn")
    assert len(lookups_for(lambda: Client().get("/learn/"))) == 1
    assert Client().get("/learn/")["X-Page-Cache"] == "hit"
