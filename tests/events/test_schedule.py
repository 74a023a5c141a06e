"""The public schedule: upcoming listing, filters that combine and stay in the URL, month view, archive."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.factories import ShowingFactory, local
from events.models import ShowingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule(db, shared_schedule):
    """The module's schedule, read again for this test, which runs in its own savepoint."""
    return shared_schedule.fresh()


def text(client, url, data=None):
    response = client.get(url, data)
    assert response.status_code == 200
    return response.content.decode()


def test_upcoming_listing_shows_future_showings_by_date_in_chinese(client, schedule):
    html = text(client, schedule.index.url)
    assert "大风村篮球场" in html and "水尾小学" in html
    assert "昌城村文化广场" not in html, "past showings belong in the archive"
    assert html.index("大风村篮球场") < html.index("水尾小学")
    assert "哥隆话" in html and "即将上演" in html


def test_past_archive_lists_finished_showings(client, schedule):
    html = text(client, schedule.index.url + "past/")
    assert "昌城村文化广场" in html
    assert "大风村篮球场" not in html


def test_filters_combine(client, schedule):
    html = text(client, schedule.index.url, {"dialect": schedule.gelong.pk, "town": "469031104"})
    assert "大风村篮球场" in html and "水尾小学" not in html

    html = text(client, schedule.index.url, {"dialect": schedule.gelong.pk, "town": "469031100"})
    assert "大风村篮球场" not in html and "水尾小学" not in html
    assert "没有符合条件的近期演出" in html

    html = text(client, schedule.index.url, {"art_form": schedule.kuaiban.pk, "kind": "performance"})
    assert "大风村篮球场" in html and "水尾小学" not in html


def test_filters_survive_in_links_to_other_views_and_the_feed(client, schedule):
    html = text(client, schedule.index.url, {"dialect": schedule.gelong.pk, "town": "469031104"})
    query = f"town=469031104&amp;dialect={schedule.gelong.pk}"
    assert f'href="{schedule.index.url}calendar/?{query}"' in html
    assert f'href="{schedule.index.url}past/?{query}"' in html
    assert f'href="{schedule.index.feed_url()}?{query}"' in html
    assert '<option value="469031104" selected>昌化镇</option>' in html


def test_month_filter_limits_the_listing_to_that_month(client, schedule):
    month = schedule.tour_next.local_date.strftime("%Y-%m")
    html = text(client, schedule.index.url, {"month": month})
    assert "大风村篮球场" in html
    html = text(client, schedule.index.url, {"month": "2099-01"})
    assert "大风村篮球场" not in html


def test_a_wrong_filter_is_explained_and_the_others_still_apply(client, schedule):
    html = text(client, schedule.index.url, {"dialect": "999", "town": "469031104", "month": "june"})
    assert "筛选条件“方言”无效，已忽略。" in html
    assert "筛选条件“月份”无效，已忽略。" in html
    assert "大风村篮球场" in html and "水尾小学" not in html


def test_month_view_puts_showings_on_their_shanghai_date_across_a_month_boundary(client, schedule):
    # 2031-07-01 00:30 in Shanghai is still 30 June in UTC.
    just_after = ShowingFactory(
        event=schedule.tour, region=schedule.regions["dafeng"], venue="七月第一场", start=local(2031, 7, 1, 0, 30)
    )
    just_before = ShowingFactory(
        event=schedule.tour, region=schedule.regions["dafeng"], venue="六月最后一场", start=local(2031, 6, 30, 23, 30)
    )
    assert just_after.start.utctimetuple().tm_mon == 6

    june = text(client, schedule.index.url + "calendar/2031/6/")
    july = text(client, schedule.index.url + "calendar/2031/7/")
    assert "2031年6月" in june and "2031年7月" in july
    assert "23:30 哥隆歌唱响禁毒法治" in june and "00:30 哥隆歌唱响禁毒法治" not in june
    assert "00:30 哥隆歌唱响禁毒法治" in july and "23:30 哥隆歌唱响禁毒法治" not in july
    assert '<time datetime="2031-07-01">1</time>' in july
    assert just_before.local_date.day == 30


def test_month_view_links_to_neighbouring_months_keeping_filters(client, schedule):
    html = text(client, schedule.index.url + "calendar/2031/12/", {"kind": "performance"})
    assert f'href="{schedule.index.url}calendar/2031/11/?kind=performance"' in html
    assert f'href="{schedule.index.url}calendar/2032/1/?kind=performance"' in html


def test_month_view_rejects_impossible_months(client, schedule):
    assert client.get(schedule.index.url + "calendar/2031/13/").status_code == 404


def test_event_page_lists_its_showings_with_actions(client, schedule):
    html = text(client, schedule.tour.url)
    assert "大风村篮球场" in html
    assert schedule.tour_next.ics_url in html
    assert "添加到日历" in html
    assert "1 场往期演出" in html
    assert "13912345678" not in html, "the troupe's contact is for the office only"


def test_listing_query_count_does_not_grow_with_showings(client, schedule):
    urls = [
        schedule.index.url,
        schedule.index.url + f"?dialect={schedule.gelong.pk}&town=469031104",
        schedule.index.url + "past/",
        schedule.index.url + "calendar/",
        schedule.tour.url,
        schedule.index.feed_url(),
        "/api/v2/showings/",
    ]

    def counts():
        result = {}
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result[url] = len(queries)
        return result

    few = counts()
    for days in range(1, 25):
        schedule.add(schedule.tour, "changcheng", days, venue=f"第{days}场")
        schedule.add(schedule.talk, "shuiwei", -days, venue=f"往期{days}", status=ShowingStatus.CANCELLED)
    many = counts()
    assert many == few
    assert max(few.values()) <= 25, few


def test_times_dates_and_colons_follow_the_readers_language(client, schedule):
    ShowingFactory(
        event=schedule.tour, region=schedule.regions["dafeng"], venue="六月夜场", start=local(2031, 6, 20, 19, 30)
    )
    chinese_month = text(client, schedule.index.url + "calendar/2031/6/")
    chinese_event = text(client, schedule.tour.url)
    assert '禁毒演出<span class="schedule-subtitle">：2031年6月' in chinese_month
    assert "19:30 哥隆歌唱响禁毒法治" in chinese_month
    assert "6月20日 19:30</time>–<time" in chinese_event and "21:30</time>" in chinese_event

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english_month = text(client, schedule.index.url + "calendar/2031/6/")
    english_event = text(client, schedule.tour.url)
    assert '禁毒演出<span class="schedule-subtitle">: June 2031' in english_month
    assert "7:30 p.m. 哥隆歌唱响禁毒法治" in english_month and "19:30" not in english_month
    assert "June 20 7:30 p.m.</time>–<time" in english_event and "9:30 p.m.</time>" in english_event
    assert "年" not in english_month + english_event and "月" not in english_month.split("<main")[-1]
