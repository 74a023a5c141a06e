import datetime

import pytest
from django.utils import timezone

from events.factories import (
    ArtFormFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ShowingFactory,
    TroupeFactory,
    make_region_tree,
)
from events.models import EventKind
from jindu.factories import DialectFactory
from tests.conftest import make_site_tree
from tests.module_rows import fresh, rolled_back


def days_from_now(days, hour=19):
    """Today (Asia/Shanghai) plus `days`, at `hour` o'clock."""
    date = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


class Schedule:
    """A schedule with two events: a 哥隆话 tour of 昌化镇 and a 普通话 school talk in 石碌镇."""

    def __init__(self):
        self.home, _articles = make_site_tree()
        self.regions = make_region_tree()
        self.index = EventIndexPageFactory(parent=self.home, slug="shows", title="禁毒演出")
        self.gelong = DialectFactory(name="哥隆话")
        self.mandarin = DialectFactory(name="普通话")
        self.kuaiban = ArtFormFactory(name="快板")
        self.xiaopin = ArtFormFactory(name="小品")
        self.troupe = TroupeFactory(name="昌江哥隆歌宣传队", contact_phone="13912345678")
        self.tour = EventPageFactory(
            parent=self.index,
            title="哥隆歌唱响禁毒法治",
            slug="gelong-tour",
            dialects=[self.gelong],
            art_forms=[self.kuaiban, self.xiaopin],
            troupe=self.troupe,
        )
        self.talk = EventPageFactory(
            parent=self.index,
            title="禁毒知识进校园",
            slug="school-talk",
            kind=EventKind.SCHOOL_TALK,
            dialects=[self.mandarin],
        )
        self.tour_past = self.add(self.tour, "changcheng", -10, venue="昌城村文化广场")
        self.tour_next = self.add(self.tour, "dafeng", 3, venue="大风村篮球场")
        self.talk_next = self.add(self.talk, "shuiwei", 5, venue="水尾小学")

    def fresh(self):
        """A copy with every page, row and region read again, for a test of a schedule its module shares."""
        copy = object.__new__(Schedule)
        vars(copy).update(fresh(vars(self)))
        return copy

    def add(self, event, region, days, **fields):
        start = days_from_now(days)
        return ShowingFactory(event=event, region=self.regions[region], start=start, **fields)


@pytest.fixture
def schedule(db):
    return Schedule()


@pytest.fixture(scope="module")
def shared_schedule(django_db_setup, django_db_blocker):
    """A Schedule built once for a module, inside a transaction rolled back at its end; use `schedule.fresh()`."""
    with rolled_back(django_db_blocker):
        yield Schedule()


def publish_edit(event, showing=None, title=None, **changes):
    """Edit an event as the admin does: on its latest revision, showings held in memory, then publish."""
    page = event.get_latest_revision_as_object()
    showings = list(page.showings.all())
    for item in showings:
        if showing is not None and item.pk == showing.pk:
            for name, value in changes.items():
                setattr(item, name, value)
    page.showings = showings
    if title:
        page.title = title
    page.save_revision().publish()
    if showing is not None:
        showing.refresh_from_db()
    return page


@pytest.fixture(autouse=True)
def empty_cache():
    """Feeds are cached; each test starts without another test's entries."""
    from django.core.cache import cache

    cache.clear()
