"""Adding a tour at once: "every Saturday in June at these villages", previewed, then created as real showings."""

import datetime

import pytest
from django.urls import reverse

from events.models import Showing
from events.series import SeriesMode, plan_series, series_dates

pytestmark = pytest.mark.django_db


def test_series_dates_pick_the_weekdays_between_two_dates():
    saturdays = series_dates(datetime.date(2031, 6, 1), datetime.date(2031, 6, 30), [5])
    assert [date.day for date in saturdays] == [7, 14, 21, 28]
    assert len(series_dates(datetime.date(2031, 6, 1), datetime.date(2031, 6, 3), [])) == 3


def test_a_tour_visits_one_place_per_date_in_turn(schedule):
    regions = [schedule.regions["changcheng"], schedule.regions["dafeng"]]
    dates = series_dates(datetime.date(2031, 6, 1), datetime.date(2031, 6, 30), [5])
    planned = plan_series(
        dates, regions, SeriesMode.ROTATE, datetime.time(19, 30), datetime.time(21), "{place}文化广场"
    )
    assert [(s.start.date().day, s.region.name, s.venue) for s in planned] == [
        (7, "昌城村", "昌城村文化广场"),
        (14, "大风村", "大风村文化广场"),
        (21, "昌城村", "昌城村文化广场"),
        (28, "大风村", "大风村文化广场"),
    ]
    every = plan_series(dates, regions, SeriesMode.EVERY_PLACE, datetime.time(19, 30), datetime.time(21), "广场")
    assert len(every) == 8


def series_data(schedule, **overrides):
    data = {
        "first_date": "2031-06-01",
        "last_date": "2031-06-30",
        "weekdays": ["5"],
        "start_time": "19:30",
        "end_time": "21:30",
        "regions": [schedule.regions["changcheng"].pk, schedule.regions["dafeng"].pk, schedule.regions["shuiwei"].pk],
        "mode": "rotate",
        "venue": "{place}文化广场",
        "address": "",
        "publish": "on",
    }
    data.update(overrides)
    return data


def test_series_preview_shows_the_showings_and_creates_nothing(admin_client, schedule):
    url = reverse("events_series", args=[schedule.tour.pk])
    before = Showing.objects.count()
    response = admin_client.post(url, series_data(schedule, preview="1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "将添加 4 场演出" in html
    assert "水尾村文化广场" in html
    assert Showing.objects.count() == before


def test_confirmed_series_is_published_and_appears_in_listing_detail_and_feed(admin_client, client, schedule):
    url = reverse("events_series", args=[schedule.tour.pk])
    response = admin_client.post(url, series_data(schedule, confirm="1"))
    assert response.status_code == 302
    created = Showing.objects.filter(event=schedule.tour, start__year=2031).order_by("start")
    # In the order of the region list (the tree, by code): 石碌镇 comes before 昌化镇.
    assert [s.region.name for s in created] == ["水尾村", "昌城村", "大风村", "水尾村"]
    assert created[0].start.astimezone(datetime.timezone(datetime.timedelta(hours=8))).hour == 19
    # The older showings are kept, and each new one can be edited on its own.
    assert Showing.objects.filter(pk=schedule.tour_next.pk).exists()

    assert "水尾村" in client.get(schedule.index.url + "calendar/2031/6/").content.decode()
    assert "水尾村文化广场" in client.get(schedule.tour.url).content.decode()
    assert "水尾村文化广场" in client.get(schedule.index.feed_url()).content.decode()


def test_series_without_publish_waits_in_a_draft(admin_client, client, schedule):
    url = reverse("events_series", args=[schedule.tour.pk])
    data = series_data(schedule, confirm="1")
    del data["publish"]
    admin_client.post(url, data)
    assert not Showing.objects.filter(start__year=2031).exists()
    schedule.tour.refresh_from_db()
    assert schedule.tour.has_unpublished_changes
    draft = schedule.tour.get_latest_revision_as_object()
    assert len([s for s in draft.showings.all() if s.start.year == 2031]) == 4


def test_series_form_explains_bad_input(admin_client, schedule):
    url = reverse("events_series", args=[schedule.tour.pk])
    html = admin_client.post(url, series_data(schedule, last_date="2031-05-01", preview="1")).content.decode()
    assert "结束日期不能早于开始日期。" in html
    html = admin_client.post(
        url, series_data(schedule, first_date="2031-06-02", last_date="2031-06-03", preview="1")
    ).content.decode()
    assert "这段日期中没有您勾选的星期几。" in html
    assert not Showing.objects.filter(start__year=2031).exists()


def test_series_tool_needs_edit_permission(client, schedule, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="correct-horse-battery", is_staff=False)
    client.force_login(user)
    response = client.get(reverse("events_series", args=[schedule.tour.pk]))
    assert response.status_code in (302, 403)


def test_event_edit_page_offers_the_series_tool(admin_client, schedule):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[schedule.tour.pk])).content.decode()
    assert reverse("events_series", args=[schedule.tour.pk]) in html
