"""Calendar feeds are valid RFC 5545 with stable UIDs, rising SEQUENCE, Asia/Shanghai times and filters."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.factories import local
from tests.events.conftest import publish_edit

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def uids(calendar):
    return {str(item["uid"]) for item in calendar.walk("VEVENT")}


def test_every_feed_parses_back_with_required_properties(client, schedule):
    urls = [schedule.index.feed_url(), schedule.tour.feed_url(), schedule.tour_next.ics_url]
    for url in urls:
        calendar = parse(client.get(url))
        assert str(calendar["version"]) == "2.0"
        assert calendar["prodid"]
        assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
        for item in calendar.walk("VEVENT"):
            for name in ("uid", "dtstamp", "dtstart", "dtend", "summary", "sequence", "status", "location"):
                assert name in item, (url, name)
            assert item["dtstart"].params["TZID"] == "Asia/Shanghai"
            assert item.decoded("dtstart").tzinfo == ZoneInfo("Asia/Shanghai")


def test_showing_ics_downloads_as_a_file(client, schedule):
    response = client.get(schedule.tour_next.ics_url)
    assert response["Content-Disposition"] == f'attachment; filename="showing-{schedule.tour_next.pk}.ics"'
    item = parse(response).walk("VEVENT")[0]
    assert str(item["summary"]) == "哥隆歌唱响禁毒法治"
    assert "大风村篮球场" in str(item["location"])
    assert "哥隆话" in str(item["description"])


def test_times_are_local_wall_clock_times_in_shanghai(client, schedule):
    showing = schedule.add(schedule.tour, "changcheng", 0, venue="昌城村")
    showing.start = local(2031, 3, 1, 0, 30)  # 2031-02-28 16:30 UTC
    showing.end = local(2031, 3, 1, 2, 0)
    showing.save()
    item = parse(client.get(showing.ics_url)).walk("VEVENT")[0]
    assert item["dtstart"].to_ical() == b"20310301T003000"
    assert item.decoded("dtstart") == datetime.datetime(2031, 2, 28, 16, 30, tzinfo=datetime.UTC)


def test_uids_stay_and_sequence_rises_when_a_showing_changes(client, schedule):
    before = {str(item["uid"]): item for item in parse(client.get(schedule.index.feed_url())).walk("VEVENT")}

    publish_edit(schedule.tour, schedule.tour_next, title="哥隆歌唱响禁毒法治（更新）", venue="大风村委会礼堂")

    after = {str(item["uid"]): item for item in parse(client.get(schedule.index.feed_url())).walk("VEVENT")}
    assert set(after) == set(before)
    changed = f"showing-{schedule.tour_next.pk}@testserver"
    untouched = f"showing-{schedule.tour_past.pk}@testserver"
    assert after[changed]["sequence"] == before[changed]["sequence"] + 1
    assert "大风村委会礼堂" in str(after[changed]["location"])
    assert after[changed].decoded("dtstamp") >= before[changed].decoded("dtstamp")
    assert after[untouched]["sequence"] == before[untouched]["sequence"] == 0


def test_filtered_feed_holds_only_matching_showings_and_names_the_filters(client, schedule):
    response = client.get(schedule.index.feed_url(), {"dialect": schedule.gelong.pk, "town": "469031104"})
    calendar = parse(response)
    assert uids(calendar) == {f"showing-{s.pk}@testserver" for s in (schedule.tour_past, schedule.tour_next)}
    assert str(calendar["x-wr-calname"]) == "禁毒演出 · 昌化镇 · 哥隆话"

    school = parse(client.get(schedule.index.feed_url(), {"kind": "school-talk"}))
    assert uids(school) == {f"showing-{schedule.talk_next.pk}@testserver"}


def test_feeds_of_unpublished_events_and_unknown_showings_are_not_found(client, schedule):
    schedule.talk.unpublish()
    assert client.get(schedule.talk.feed_url()).status_code == 404
    assert client.get(schedule.talk_next.ics_url).status_code == 404
    assert client.get("/calendar/showing-999999.ics").status_code == 404
    calendar = parse(client.get(schedule.index.feed_url()))
    assert f"showing-{schedule.talk_next.pk}@testserver" not in uids(calendar)
