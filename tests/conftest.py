import pytest
from wagtail.models import Page, Site

from jindu.factories import ArticleIndexPageFactory, HomePageFactory


def make_site_tree():
    """A default site whose root is a fresh HomePage with one article index under it."""
    root = Page.get_first_root_node()
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
