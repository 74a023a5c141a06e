"""The JSON API a WeChat mini-program reads: upcoming showings, filterable; events without office data."""

import pytest

from events.models import ShowingStatus

pytestmark = pytest.mark.django_db


def test_showings_endpoint_lists_upcoming_showings_in_shanghai_time(client, schedule):
    data = client.get("/api/v2/showings/").json()
    assert data["meta"]["total_count"] == 2
    first = data["items"][0]
    assert first["id"] == schedule.tour_next.pk
    assert first["start"].endswith("+08:00")
    assert first["venue"] == "大风村篮球场"
    assert first["town"] == {"code": "469031104", "name": "昌化镇"}
    assert first["event"]["title"] == "哥隆歌唱响禁毒法治"
    assert first["event"]["dialects"] == ["哥隆话"]
    assert first["event"]["html_url"] == "http://testserver/shows/gelong-tour/"


def test_showings_endpoint_filters_combine_and_past_gives_the_archive(client, schedule):
    ids = [item["id"] for item in client.get("/api/v2/showings/", {"dialect": schedule.mandarin.pk}).json()["items"]]
    assert ids == [schedule.talk_next.pk]
    ids = [
        item["id"]
        for item in client.get("/api/v2/showings/", {"town": "469031104", "kind": "school-talk"}).json()["items"]
    ]
    assert ids == []
    ids = [item["id"] for item in client.get("/api/v2/showings/", {"past": "1"}).json()["items"]]
    assert ids == [schedule.tour_past.pk]
    ids = [item["id"] for item in client.get("/api/v2/showings/", {"event": schedule.talk.pk}).json()["items"]]
    assert ids == [schedule.talk_next.pk]


def test_showings_endpoint_reports_cancellation(client, schedule):
    schedule.tour_next.status = ShowingStatus.CANCELLED
    schedule.tour_next.save()
    item = client.get(f"/api/v2/showings/{schedule.tour_next.pk}/").json()
    assert item["status"] == "cancelled"


def test_bad_api_parameters_get_a_400_with_a_message(client, schedule):
    response = client.get("/api/v2/showings/", {"dialect": "abc"})
    assert response.status_code == 400
    assert "message" in response.json()
    assert client.get("/api/v2/showings/", {"colour": "red"}).status_code == 400


def test_events_endpoint_shows_live_events_and_never_the_troupe_contact(client, schedule):
    schedule.talk.unpublish()
    data = client.get("/api/v2/events/", {"fields": "*"}).json()
    assert [item["title"] for item in data["items"]] == ["哥隆歌唱响禁毒法治"]
    assert data["items"][0]["troupe_name"] == "昌江哥隆歌宣传队"
    assert "13912345678" not in client.get("/api/v2/events/", {"fields": "*"}).content.decode()
    assert client.get(f"/api/v2/showings/{schedule.talk_next.pk}/").status_code == 404
