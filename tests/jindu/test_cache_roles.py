"""Every model has a page-cache role, rows written all day long keep the cache, and a release starts afresh."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client

from jindu import cache_roles, pagecache
from jindu.factories import ArticlePageFactory, UserFactory
from jindu.release import code_fingerprint, current_release, git_commit


def labels(models):
    return sorted(model._meta.label_lower for model in models)


def test_every_installed_model_has_a_cache_role():
    without = labels(
        model for model in apps.get_models(include_auto_created=True) if cache_roles.cache_role(model) is None
    )
    assert without == [], (
        "give each model a role in jindu/cache_roles.py CACHE_ROLES: CONTENT if its rows show on a public page "
        "kept whole, IGNORED if not (a model saved on every request must never be CONTENT)"
    )


def test_the_roles_name_only_installed_models_and_each_model_once():
    installed = set(labels(apps.get_models(include_auto_created=True)))
    if connection.vendor != "sqlite":
        installed.add("wagtailsearch.sqliteftsindexentry")  # Wagtail's search index table on SQLite only
    named = [label for role_labels in cache_roles.CACHE_ROLES.values() for label in role_labels]
    assert sorted(set(named) - installed) == [], "a role for a model that no longer exists"
    assert len(named) == len(set(named)), "a model with two roles"


def test_pages_of_every_app_are_content_and_rows_written_while_people_read_are_not():
    from education.models import QuizPage
    from jindu.models import ArticlePage, User
    from media.models import WatchProgress

    assert cache_roles.cache_role(ArticlePage) == cache_roles.cache_role(QuizPage) == cache_roles.CONTENT
    for model in (User, User.groups.through, WatchProgress, apps.get_model("wagtailimages", "Rendition")):
        assert cache_roles.cache_role(model) == cache_roles.IGNORED, model


@pytest.fixture
def article(site_tree):
    _home, index = site_tree
    return ArticlePageFactory(parent=index, title="认识冰毒", slug="bing-du")


@pytest.mark.django_db
def test_people_and_their_groups_saved_keep_the_cache_but_a_dialect_saved_empties_it(page_cache, article):
    from jindu.factories import DialectFactory

    Client().get(article.url)
    person = UserFactory(username="student-701")
    person.groups.add(Group.objects.create(name="某班"))
    assert Client().get(article.url)["X-Page-Cache"] == "hit"
    DialectFactory(name="儋州调声")
    assert Client().get(article.url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_new_release_starts_a_new_generation(page_cache, article, settings):
    settings.JINDU_RELEASE = "release-1"
    assert Client().get(article.url)["X-Page-Cache"] == "miss"
    assert Client().get(article.url)["X-Page-Cache"] == "hit"
    settings.JINDU_RELEASE = "release-2"
    assert Client().get(article.url)["X-Page-Cache"] == "miss", "pages rendered by the last release are not served"
    assert Client().get(article.url)["X-Page-Cache"] == "hit"


def test_values_kept_until_the_release_outlive_content_changes_but_not_a_release(settings):
    cache.clear()
    settings.JINDU_PAGE_CACHE_SECONDS = 0  # kept even with the page cache off: the key names what they are made of
    settings.JINDU_RELEASE = "release-1"
    built = []

    def build():
        built.append(settings.JINDU_RELEASE)
        return f"made by {settings.JINDU_RELEASE}"

    assert pagecache.remember("fingerprint-1", build, seconds=60, until_release=True) == "made by release-1"
    assert pagecache.remember("fingerprint-1", build, seconds=60, until_release=True) == "made by release-1"
    settings.JINDU_RELEASE = "release-2"
    assert pagecache.remember("fingerprint-1", build, seconds=60, until_release=True) == "made by release-2"
    assert built == ["release-1", "release-2"]
    with pytest.raises(ValueError):
        pagecache.remember("fingerprint-2", build, until_release=True)
    cache.clear()


def test_the_release_is_the_deployments_then_the_commit_then_the_codes(tmp_path, settings):
    assert current_release(settings.BASE_DIR, {"JINDU_RELEASE": "2026.12.1"}) == "2026.12.1"
    commit = git_commit(settings.BASE_DIR)
    assert commit and current_release(settings.BASE_DIR, {}) == commit

    (tmp_path / "jindu").mkdir()
    (tmp_path / "jindu" / "views.py").write_text("A = 1\n")
    assert git_commit(tmp_path) == ""
    before = current_release(tmp_path, {})
    assert before.startswith("code-") and code_fingerprint(tmp_path) == before
    (tmp_path / "jindu" / "views.py").write_text("A = 22\n")
    assert code_fingerprint(tmp_path) != before
