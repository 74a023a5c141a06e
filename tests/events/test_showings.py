"""What postponement and cancellation do to a showing, and what the listing, detail page and feeds then show."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from icalendar import Calendar

from events.models import ShowingStatus
from tests.events.conftest import publish_edit

pytestmark = pytest.mark.django_db


def only_event(ics_bytes):
    events = Calendar.from_ical(ics_bytes).walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_showing_knows_its_town_from_the_region_tree(schedule):
    assert schedule.tour_next.town == schedule.regions["changhua"]
    assert schedule.tour_next.place == "昌化镇 大风村 大风村篮球场"


def test_postponing_records_the_original_time_and_every_view_shows_the_new_one(client, schedule):
    showing = schedule.tour_next
    original = showing.start
    new_start = original + datetime.timedelta(days=7)
    publish_edit(
        schedule.tour,
        showing,
        start=new_start,
        end=new_start + datetime.timedelta(hours=2),
        status=ShowingStatus.POSTPONED,
        note="因雨推迟一周",
    )
    assert showing.postponed_from == original
    assert showing.sequence == 1

    listing = client.get(schedule.index.url).content.decode()
    assert "已推迟" in listing and "因雨推迟一周" in listing
    detail = client.get(schedule.tour.url).content.decode()
    assert "原定" in detail and "已推迟" in detail
    item = only_event(client.get(showing.ics_url).content)
    assert item.decoded("dtstart") == showing.start
    assert str(item["status"]) == "CONFIRMED"
    assert "已推迟" in str(item["summary"])


def test_postponed_showing_needs_a_note(schedule):
    showing = schedule.tour_next
    showing.start += datetime.timedelta(days=1)
    showing.end += datetime.timedelta(days=1)
    showing.status = ShowingStatus.POSTPONED
    with pytest.raises(ValidationError) as error:
        showing.full_clean()
    assert "note" in error.value.message_dict
    assert showing.postponed_from is not None


def test_end_before_start_is_refused_with_a_message(schedule):
    showing = schedule.tour_next
    showing.end = showing.start - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        showing.full_clean()
    assert error.value.message_dict["end"] == ["结束时间必须晚于开始时间。"]


def test_cancelled_showing_is_marked_in_listing_and_detail_and_cancelled_in_the_feeds(client, schedule):
    publish_edit(schedule.tour, schedule.tour_next, status=ShowingStatus.CANCELLED, note="台风预警，本场取消")

    listing = client.get(schedule.index.url).content.decode()
    assert "showing--cancelled" in listing and "已取消" in listing and "台风预警，本场取消" in listing
    detail = client.get(schedule.tour.url).content.decode()
    assert "已取消" in detail
    # Nobody should add a cancelled showing to their calendar.
    assert schedule.tour_next.ics_url not in detail

    for url in (schedule.index.feed_url(), schedule.tour.feed_url(), schedule.tour_next.ics_url):
        events = {str(item["uid"]): item for item in Calendar.from_ical(client.get(url).content).walk("VEVENT")}
        item = events[f"showing-{schedule.tour_next.pk}@testserver"]
        assert str(item["status"]) == "CANCELLED"
        assert item["sequence"] == 1


def test_unchanged_showings_keep_their_sequence_when_the_event_is_republished(schedule):
    publish_edit(schedule.tour, title="哥隆歌唱响禁毒法治（新版）")
    schedule.tour_next.refresh_from_db()
    assert schedule.tour_next.sequence == 0
