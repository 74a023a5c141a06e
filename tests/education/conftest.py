import pytest

from tests.education.fixtures import build_world


@pytest.fixture
def world(site_tree):
    home, _index = site_tree
    return build_world(home)
