import datetime
from types import SimpleNamespace

import pytest

from campaigns.factories import ActivityTypeFactory
from campaigns.models import RegionAssignment
from campaigns.workflow import ensure_setup
from jindu.factories import MaterialKindFactory, RegionFactory, UserFactory
from jindu.models import Region
from jindu.models.regions import RegionLevel
from tests.module_rows import fresh, rolled_back


def make_regions():
    """城市 → 区 → 甲镇 (with 甲村) and 乙镇; and another city."""
    city = RegionFactory(code="450300", name="桂林市", level=RegionLevel.CITY)
    district = city.add_child(code="450312", name="临桂区", level=RegionLevel.DISTRICT)
    town_a = district.add_child(code="450312104", name="五通镇", level=RegionLevel.TOWN)
    village_a = town_a.add_child(code="450312104201", name="竹山村", level=RegionLevel.VILLAGE)
    town_b = district.add_child(code="450312103", name="两江镇", level=RegionLevel.TOWN)
    other_city = RegionFactory(code="140300", name="阳泉市", level=RegionLevel.CITY)
    other_town = other_city.add_child(code="140303001", name="贵石沟街道", level=RegionLevel.DISTRICT)
    # Sorted inserts move paths: read every node back from the database.
    city, district, town_a, village_a, town_b, other_city, other_town = (
        Region.objects.get(pk=region.pk)
        for region in (city, district, town_a, village_a, town_b, other_city, other_town)
    )
    return SimpleNamespace(
        city=city,
        district=district,
        town_a=town_a,
        village_a=village_a,
        town_b=town_b,
        other_city=other_city,
        other_town=other_town,
    )


@pytest.fixture
def regions(db):
    return make_regions()


def make_kinds():
    return SimpleNamespace(
        brochure=MaterialKindFactory(name="宣传册", unit="册", sort_order=1),
        banner=MaterialKindFactory(name="横幅", unit="条", sort_order=2),
        talk=ActivityTypeFactory(name="禁毒宣讲", unit="场"),
        show=ActivityTypeFactory(name="文艺演出", unit="场"),
    )


@pytest.fixture
def kinds(db):
    return make_kinds()


def make_people(regions):
    """An officer for each town and an office member for the district, in their groups."""
    ensure_setup()
    from django.contrib.auth.models import Group

    from campaigns.models import OFFICE_GROUP_NAME, OFFICER_GROUP_NAME

    officer_a = UserFactory(username="officer_a", display_name="五通宣传员")
    officer_b = UserFactory(username="officer_b", display_name="两江宣传员")
    office = UserFactory(username="office", display_name="临桂禁毒办", is_staff=True)
    other_office = UserFactory(username="other_office", display_name="阳泉禁毒办", is_staff=True)
    Group.objects.get(name=OFFICER_GROUP_NAME).user_set.add(officer_a, officer_b)
    Group.objects.get(name=OFFICE_GROUP_NAME).user_set.add(office, other_office)
    RegionAssignment.objects.create(user=officer_a, region=regions.town_a)
    RegionAssignment.objects.create(user=officer_b, region=regions.town_b)
    RegionAssignment.objects.create(user=office, region=regions.district)
    RegionAssignment.objects.create(user=other_office, region=regions.other_city)
    return SimpleNamespace(officer_a=officer_a, officer_b=officer_b, office=office, other_office=other_office)


@pytest.fixture
def people(regions):
    return make_people(regions)


@pytest.fixture
def past_day():
    return datetime.date(2024, 5, 20)


# Rows built once for a module, the way Django's TestCase.setUpTestData keeps them for a class: they are
# written inside a transaction that stays open for the module and is rolled back at its end, and each test
# runs in its own savepoint inside it (pytest-django's `db`). Tests get copies read again from the
# database, so what one test changes in memory or in the database never reaches the next one.
# A module that has a transactional test (`transaction=True`) cannot share rows this way.


@pytest.fixture(scope="module")
def shared_base(django_db_setup, django_db_blocker):
    """The regions, kinds and people of `make_regions`, `make_kinds` and `make_people`, built once for the module."""
    with rolled_back(django_db_blocker):
        regions = make_regions()
        yield SimpleNamespace(regions=regions, kinds=make_kinds(), people=make_people(regions))


@pytest.fixture(scope="module")
def module_rows(request, shared_base, django_db_blocker):
    """What the module's `build_module_rows(shared_base)` makes, built once for the module after `shared_base`."""
    with rolled_back(django_db_blocker):
        yield request.module.build_module_rows(shared_base)


@pytest.fixture
def rows(module_rows, db):
    """This test's copy of `module_rows`."""
    return fresh(module_rows)


def shared_base_fixtures():
    """`regions`, `kinds` and `people` fixtures served from `shared_base`; a module opts in with
    `regions, kinds, people = shared_base_fixtures()`."""

    def part(name):
        def serve(shared_base, db):
            return fresh(getattr(shared_base, name))

        return pytest.fixture(name=name)(serve)

    return part("regions"), part("kinds"), part("people")
