"""The schedule feed is put together from kept VEVENTs: byte for byte what icalendar builds in one go."""

import pytest
from django.core.cache import cache
from django.test import Client

from events.ical import build_calendar, calendar_bytes
from events.models import Showing, ShowingStatus
from tests.events.conftest import publish_edit

pytestmark = pytest.mark.django_db


def event_url(event_page):
    return f"https://jindu.example.cn{event_page.url}"


def both_ways(schedule):
    showings = schedule.index.showings().order_by("start", "pk")
    return (
        calendar_bytes(showings, "禁毒演出", "jindu.example.cn", event_url),
        build_calendar(showings.for_listing(), "禁毒演出", "jindu.example.cn", event_url).to_ical(),
    )


def vevents_kept():
    return sorted(key for key in cache._cache if "events-vevent" in key)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_kept_feed_is_byte_for_byte_what_icalendar_builds(schedule):
    publish_edit(schedule.tour, schedule.tour_next, status=ShowingStatus.CANCELLED)
    assembled, built = both_ways(schedule)
    assert assembled == built
    again, _built = both_ways(schedule)
    assert again == built, "the second build comes from kept VEVENTs"
    assert len(vevents_kept()) == Showing.objects.count()


def test_an_empty_feed_is_still_a_calendar(schedule):
    nothing = Showing.objects.none()
    assert (
        calendar_bytes(nothing, "空", "jindu.example.cn", event_url)
        == build_calendar(nothing, "空", "jindu.example.cn", event_url).to_ical()
    )


def test_only_the_changed_showing_is_made_again(schedule):
    both_ways(schedule)
    before = set(vevents_kept())
    publish_edit(schedule.talk, schedule.talk_next, venue="水尾小学礼堂")
    assembled, built = both_ways(schedule)
    assert assembled == built and "水尾小学礼堂" in assembled.decode()
    after = set(vevents_kept())
    assert len(after - before) == 1


def test_renaming_an_events_title_remakes_its_showings(client, schedule):
    client.get(schedule.index.feed_url())
    publish_edit(schedule.tour, title="哥隆歌唱响禁毒法治（新版）")
    feed = client.get(schedule.index.feed_url()).content.decode()
    assert feed.count("哥隆歌唱响禁毒法治（新版）") == schedule.tour.showings.count()


def test_feed_in_english_is_kept_apart(schedule):
    Client().get(schedule.index.feed_url())
    english = Client()
    english.cookies["django_language"] = "en"
    publish_edit(schedule.tour, schedule.tour_next, status=ShowingStatus.CANCELLED)
    assert "[Cancelled]" in english.get(schedule.index.feed_url()).content.decode()
    assert "【已取消】" in Client().get(schedule.index.feed_url()).content.decode()


def test_a_new_release_makes_every_vevent_again(schedule, settings):
    settings.JINDU_RELEASE = "release-1"
    both_ways(schedule)
    before = set(vevents_kept())
    settings.JINDU_RELEASE = "release-2"
    assembled, built = both_ways(schedule)
    assert assembled == built
    assert len(set(vevents_kept()) - before) == Showing.objects.count()
