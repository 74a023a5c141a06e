"""Fixtures for the jobs tests (test_job_*.py): the production task backend and an office with reports."""

import datetime

import pytest

from campaigns.factories import ActivityTypeFactory, create_report
from jindu.factories import MaterialKindFactory
from tests.campaigns.conftest import make_people, make_regions
from tests.education.layers import pytest_fixture_setup

# Some modules here stand on the education world's shared layers: the hook opens and closes them around each test.
__all__ = ["pytest_fixture_setup"]


@pytest.fixture
def db_tasks(settings, tmp_path):
    """The production task backend (django-tasks-db) and private files in a folder of the test's own."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JINDU_PRIVATE_ROOT = tmp_path / "private"
    return settings


@pytest.fixture
def office_world():
    regions = make_regions()
    people = make_people(regions)
    MaterialKindFactory(name="宣传册", unit="册", sort_order=1)
    talk = ActivityTypeFactory(name="禁毒宣讲", unit="场")
    for day in (3, 9, 15):
        create_report(regions.town_a, datetime.date(2024, 5, day), activity_type=talk, sessions=2, people_reached=100)
    create_report(regions.town_b, datetime.date(2024, 6, 1), activity_type=talk, sessions=1, notes="=1+1")
    return regions, people
