"""The schedule in the anonymous page cache: kept only until it would change by itself, emptied by every edit."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from events.models import Showing, ShowingStatus
from tests.events.conftest import publish_edit

pytestmark = pytest.mark.django_db


def next_midnight():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))


def test_listing_is_kept_until_the_next_showing_ends(page_cache, schedule):
    ending = schedule.add(schedule.tour, "dafeng", 0, venue="大风村戏台")
    ending.start = timezone.now() - datetime.timedelta(minutes=50)
    ending.end = timezone.now() + datetime.timedelta(minutes=10)
    ending.save()

    response = Client().get(schedule.index.url)
    assert response["X-Page-Cache"] == "miss"
    # Kept until the showing ends, or until midnight when the test runs in the last ten minutes of a day.
    assert response.page_cache_until() == min(ending.end, next_midnight())
    assert Client().get(schedule.index.url)["X-Page-Cache"] == "hit"


def test_listing_with_nothing_ending_today_is_kept_until_midnight(page_cache, schedule):
    response = Client().get(schedule.index.url)
    assert response.page_cache_until() == min(next_midnight(), schedule.tour_next.end)
    assert response.page_cache_until() <= next_midnight()


def test_month_view_and_event_page_are_kept_until_they_change_by_themselves(page_cache, schedule):
    month = Client().get(schedule.index.url + "calendar/")
    assert month["X-Page-Cache"] == "miss" and month.page_cache_until() <= next_midnight()

    event = Client().get(schedule.tour.url)
    assert event["X-Page-Cache"] == "miss"
    assert event.page_cache_until() == min(next_midnight(), schedule.tour_next.end)
    assert Client().get(schedule.tour.url)["X-Page-Cache"] == "hit"


def test_a_page_that_has_already_changed_is_not_kept(page_cache, schedule):
    from jindu.pagecache import _seconds_to_keep

    response = Client().get(schedule.index.url)
    response.page_cache_until = lambda: timezone.now() - datetime.timedelta(seconds=1)
    assert _seconds_to_keep(response) <= 0


def test_cancelling_a_showing_is_seen_at_once_on_cached_pages(page_cache, schedule):
    for url in (schedule.index.url, schedule.tour.url):
        Client().get(url)
        assert Client().get(url)["X-Page-Cache"] == "hit"

    publish_edit(schedule.tour, schedule.tour_next, status=ShowingStatus.CANCELLED)

    for url in (schedule.index.url, schedule.tour.url):
        response = Client().get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "已取消" in response.content.decode()


def test_a_showing_saved_outside_the_page_editor_empties_the_cache(page_cache, schedule):
    Client().get(schedule.index.url)
    showing = Showing.objects.get(pk=schedule.talk_next.pk)
    showing.venue = "水尾小学礼堂"
    showing.save()
    assert "水尾小学礼堂" in Client().get(schedule.index.url).content.decode()


def test_each_filter_is_kept_apart(page_cache, schedule):
    everything = Client().get(schedule.index.url).content.decode()
    gelong = Client().get(schedule.index.url, {"dialect": schedule.gelong.pk})
    assert gelong["X-Page-Cache"] == "miss"
    assert "水尾小学" in everything and "水尾小学" not in gelong.content.decode()


def test_filter_lists_are_kept_until_an_editor_adds_to_them(page_cache, schedule):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jindu.factories import DialectFactory

    Client().get(schedule.index.url)
    with CaptureQueriesContext(connection) as kept:
        Client().get(schedule.index.url + "calendar/")
    assert not [query for query in kept.captured_queries if 'FROM "jindu_dialect" ORDER BY' in query["sql"]]

    DialectFactory(name="客家话")
    assert "客家话" in Client().get(schedule.index.url + "calendar/").content.decode()


def test_kept_listing_moves_when_a_showing_passes(page_cache, schedule):
    """Rendered afresh (a parameter no page reads), the listing's kept days still drop a showing that is over."""
    ending = schedule.add(schedule.tour, "dafeng", 0, venue="大风村戏台")
    ending.start = timezone.now() - datetime.timedelta(minutes=50)
    ending.end = timezone.now() + datetime.timedelta(minutes=10)
    ending.save()
    assert "大风村戏台" in Client().get(schedule.index.url, {"fresh": 1}).content.decode()

    # The clock passes the end; nothing is edited, so the content generation stays the same.
    Showing.objects.filter(pk=ending.pk).update(end=timezone.now() - datetime.timedelta(minutes=1))
    assert "大风村戏台" not in Client().get(schedule.index.url, {"fresh": 2}).content.decode()
    assert "大风村戏台" in Client().get(schedule.index.url + "past/", {"fresh": 3}).content.decode()


def test_kept_filter_box_follows_the_filters_asked(page_cache, schedule):
    selected = f'<option value="{schedule.gelong.pk}" selected>'
    assert selected not in Client().get(schedule.index.url, {"fresh": 1}).content.decode()
    assert selected in Client().get(schedule.index.url, {"fresh": 2, "dialect": schedule.gelong.pk}).content.decode()
    wrong = Client().get(schedule.index.url, {"fresh": 3, "dialect": "x"}).content.decode()
    assert selected not in wrong and 'role="alert"' in wrong
    assert selected not in Client().get(schedule.index.url, {"fresh": 4}).content.decode()
