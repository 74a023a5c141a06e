"""Editors create events in the admin; the poster prints with a QR code; the demo season loads twice."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventIndexPage, EventPage, Showing

pytestmark = pytest.mark.django_db


def test_editor_creates_an_event_with_a_showing_in_the_admin(admin_client, schedule):
    data = nested_form_data(
        {
            "title": "三句半进村",
            "slug": "sanjuban",
            "kind": "performance",
            "dialects": [schedule.gelong.pk],
            "art_forms": [],
            "summary": "用哥隆话说三句半。",
            "body": streamfield([]),
            "tags": "",
            "showings": inline_formset(
                [
                    {
                        "start": "2031-06-07 19:30",
                        "end": "2031-06-07 21:00",
                        "region": schedule.regions["changcheng"].pk,
                        "venue": "昌城村文化广场",
                        "status": "scheduled",
                    }
                ]
            ),
            "action-publish": "publish",
        }
    )
    url = f"/admin/pages/add/events/eventpage/{schedule.index.pk}/"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = EventPage.objects.get(slug="sanjuban")
    assert page.live
    showing = Showing.objects.get(event=page)
    assert showing.town == schedule.regions["changhua"]


def test_poster_page_has_title_showings_and_a_qr_code(client, schedule):
    html = client.get(schedule.tour.poster_url()).content.decode()
    assert "哥隆歌唱响禁毒法治" in html
    assert "大风村篮球场" in html
    assert "<svg" in html and 'aria-label="前往活动页面的二维码"' in html
    assert "http://testserver/shows/gelong-tour/" in html
    assert "@page { size: A4" in open("events/static/events/poster.css", encoding="utf-8").read()


def test_demo_season_loads_twice_without_duplicates(site_tree):
    from events.demo import load_demo
    from jindu.demo.content import load_regions

    home, _index = site_tree
    load_regions(lambda message: None)
    load_demo(home, lambda message: None)
    load_demo(home, lambda message: None)

    assert EventIndexPage.objects.count() == 1
    assert EventPage.objects.live().count() == 4
    showings = Showing.objects.all()
    assert showings.filter(status="cancelled").count() == 1
    assert showings.upcoming().exists() and showings.past().exists()
    assert showings.filter(event__slug="gelong-legal-culture-tour", town__name="昌化镇").count() == 5
