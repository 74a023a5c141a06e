import pytest
from django.conf import settings
from wagtail.models import Locale, Page, Site

from jindu.factories import ArticleIndexPageFactory, HomePageFactory


def wagtail_root():
    """Wagtail's root page, recreated if a transactional test flushed the migrations' data."""
    root = Page.get_first_root_node()
    if root is None:
        locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return root


def make_site_tree():
    """A default site whose root is a fresh HomePage with one article index under it."""
    root = wagtail_root()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="禁毒宣教平台")
    index = ArticleIndexPageFactory(parent=home, slug="knowledge")
    return home, index


@pytest.fixture
def site_tree(db):
    return make_site_tree()


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "correct-horse-battery")
    client.force_login(user)
    return client


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache on (jindu/pagecache.py), starting empty."""
    from django.core.cache import cache

    from jindu.pagecache import forget_addresses_never_kept

    settings.JINDU_PAGE_CACHE_SECONDS = 600
    cache.clear()
    forget_addresses_never_kept()
    yield
    cache.clear()
    forget_addresses_never_kept()


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    """Keep files uploaded by a test out of var/."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
