import pytest

from jindu.factories import UserFactory
from media.factories import MediaFactory, MediaIndexPageFactory


@pytest.fixture
def student(db):
    return UserFactory(username="student", display_name="学生")


@pytest.fixture
def video(db):
    """A 100-second video."""
    return MediaFactory(title="禁毒宣传视频", duration=100)


@pytest.fixture
def library(site_tree):
    home, _index = site_tree
    return MediaIndexPageFactory(parent=home, slug="media")
