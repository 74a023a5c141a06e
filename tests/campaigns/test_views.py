import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from campaigns.factories import create_report
from campaigns.models import ActivityReport, ReportStatus
from tests.campaigns.conftest import shared_base_fixtures

regions, kinds, people = shared_base_fixtures()


D = datetime.date(2024, 5, 20)


def photo_file(name="photo.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def form_data(regions, kinds, **changes):
    data = {
        "date": "2024-05-20",
        "region": regions.town_a.pk,
        "activity_type": kinds.talk.pk,
        "sessions": 2,
        "people_reached": 300,
        "households_visited": 0,
        f"material_{kinds.brochure.pk}": 150,
        "submit": "1",
    }
    data.update(changes)
    return data


def test_officer_logs_and_submits_a_report_with_a_photo(client, regions, kinds, people):
    client.force_login(people.officer_a)

    response = client.post(reverse("campaigns:report_create"), {**form_data(regions, kinds), "photos": photo_file()})

    report = ActivityReport.objects.get()
    assert response.status_code == 302
    assert report.status == ReportStatus.SUBMITTED
    assert report.reporter == people.officer_a
    assert report.photos.count() == 1
    assert report.materials.get().quantity == 150
    assert report.revisions.count() == 1
    page = client.get(response.url).content.decode()
    assert "报表已提交禁毒办审核" in page
    assert "待审核" in page


def test_a_draft_is_kept_and_can_be_edited_later(client, regions, kinds, people):
    client.force_login(people.officer_a)
    data = form_data(regions, kinds)
    data.pop("submit")
    client.post(reverse("campaigns:report_create"), {**data, "save": "1"})
    report = ActivityReport.objects.get()
    assert report.status == ReportStatus.DRAFT

    client.post(reverse("campaigns:report_edit", args=[report.pk]), {**data, "sessions": 3, "save": "1"})

    report.refresh_from_db()
    assert report.sessions == 3
    assert report.revisions.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sessions": -1}, "0"),
        ({"people_reached": 5000}, "每场超过 1000 人"),
        ({"date": "2999-01-01"}, "日期不能晚于今天"),
        ({"sessions": 0}, "场次至少为 1"),
    ],
)
def test_bad_numbers_get_a_clear_message_and_keep_what_was_typed(client, regions, kinds, people, changes, message):
    client.force_login(people.officer_a)

    response = client.post(reverse("campaigns:report_create"), form_data(regions, kinds, **changes))

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "已填写的内容都还在" in page
    assert 'value="150"' in page
    assert ActivityReport.objects.count() == 0


def test_a_large_audience_passes_when_confirmed(client, regions, kinds, people):
    client.force_login(people.officer_a)

    client.post(
        reverse("campaigns:report_create"),
        form_data(regions, kinds, people_reached=5000, large_audience_confirmed="on"),
    )

    assert ActivityReport.objects.get().people_reached == 5000


def test_tomorrow_in_shanghai_is_the_future(regions, kinds):
    from django.core.exceptions import ValidationError

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    report = ActivityReport(region=regions.town_a, date=tomorrow, activity_type=kinds.talk, sessions=1)

    with pytest.raises(ValidationError):
        report.full_clean()


def test_officer_cannot_choose_a_region_outside_their_town(client, regions, kinds, people):
    client.force_login(people.officer_a)

    response = client.post(reverse("campaigns:report_create"), form_data(regions, kinds, region=regions.town_b.pk))

    assert response.status_code == 200
    assert ActivityReport.objects.count() == 0


def test_report_pages_need_sign_in_and_an_assigned_region(client, people, regions):
    assert client.get(reverse("campaigns:report_list")).status_code == 302
    from jindu.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("campaigns:report_list")).status_code == 403


def _count_queries(client, url, params=None):
    client.get(url, params or {})  # warm caches such as content types
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries)


def make_reports(regions, kinds, count, start=0):
    for index in range(start, start + count):
        town = regions.town_a if index % 2 else regions.village_a
        create_report(
            town, D - datetime.timedelta(days=index), sessions=1, people_reached=10, materials={kinds.brochure: 5}
        )


def test_report_list_query_count_does_not_grow_with_reports(client, regions, kinds, people):
    client.force_login(people.officer_a)
    make_reports(regions, kinds, 2)
    few = _count_queries(client, reverse("campaigns:report_list"))
    make_reports(regions, kinds, 8, start=2)
    many = _count_queries(client, reverse("campaigns:report_list"))
    assert many == few


def test_dashboard_and_reports_behind_it_query_counts_do_not_grow(client, regions, kinds, people):
    client.force_login(people.office)
    params = {"region": regions.district.pk, "period": "year", "year": 2024}
    make_reports(regions, kinds, 2)
    few = [
        _count_queries(client, reverse(name), params) for name in ("campaigns_dashboard", "campaigns_dashboard_reports")
    ]
    make_reports(regions, kinds, 8, start=2)
    many = [
        _count_queries(client, reverse(name), params) for name in ("campaigns_dashboard", "campaigns_dashboard_reports")
    ]
    assert many == few


def test_dashboard_shows_chinese_headings_charts_and_their_tables(client, regions, kinds, people):
    create_report(regions.town_a, D, sessions=4, people_reached=200)
    client.force_login(people.office)

    page = client.get(reverse("campaigns_dashboard"), {"region": regions.district.pk, "year": 2024}).content.decode()

    assert "临桂区" in page
    assert "各月场次" in page
    assert page.count("<svg") >= 2
    assert 'id="monthly-table"' in page
    assert 'id="heat-table"' in page
    assert "乡镇场次排名" in page


def test_bulletin_is_a_printable_chinese_page(client, regions, kinds, people):
    create_report(regions.town_a, D, sessions=4, people_reached=200)
    client.force_login(people.office)

    page = client.get(
        reverse("campaigns_bulletin"), {"region": regions.district.pk, "period": "month", "year": 2024, "month": 5}
    )

    assert "临桂区禁毒宣传工作通报（2024年5月）" in page.content.decode()
