"""The office's review: the dashboard's defaults and picker, figures as people read them, and the monthly bulletin."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Site

from campaigns import excel
from campaigns.factories import TargetFactory, create_report
from campaigns.models import BulletinSettings
from education.factories import QuestionFactory, QuizPageFactory
from tests.campaigns.conftest import shared_base_fixtures
from tests.conftest import make_site_tree
from tests.module_rows import fresh, rolled_back
from tests.schools.test_awareness_rate import take

regions, kinds, people = shared_base_fixtures()


D = datetime.date

# One worker builds the shared rows once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("campaigns_office_review")]


def _page(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_opens_on_the_year_of_the_latest_report_in_the_users_regions(client, regions, kinds, people):
    create_report(regions.town_a, D(2023, 5, 20), activity_type=kinds.talk, sessions=4)
    create_report(regions.other_town, D(2025, 2, 1), activity_type=kinds.talk, sessions=9)
    client.force_login(people.office)

    page = _page(client, "campaigns_dashboard")

    assert "临桂区 · 2023年" in page
    assert 'name="year" value="2023"' in page
    assert '<option value="5" selected>五月</option>' in page
    assert "统计报表 1 份" in page


def test_the_period_picker_marks_which_fields_each_kind_needs_and_has_no_dashes(client, regions, kinds, people):
    client.force_login(people.office)

    page = _page(client, "campaigns_dashboard")

    assert 'data-period-kind=""' in page
    assert 'data-period-kinds="month"' in page
    assert 'data-period-kinds="range"' in page
    assert 'data-period-kinds="year quarter month"' in page
    assert "period_picker.js" in page
    assert "---------" not in page
    assert "全部宣传活动" in page


def test_figures_are_grouped_by_thousands(client, regions, kinds, people):
    create_report(regions.town_a, D(2024, 5, 20), activity_type=kinds.talk, sessions=300, people_reached=230000)
    client.force_login(people.office)

    page = _page(client, "campaigns_dashboard", region=regions.district.pk, year=2024)
    reports = _page(client, "campaigns_dashboard_reports", region=regions.district.pk, year=2024)

    assert "230,000" in page
    assert "230000" not in page
    assert "230,000" in reports


def test_a_month_is_held_against_a_twelfth_of_the_target_and_the_rule_is_shown(client, regions, kinds, people):
    create_report(regions.town_a, D(2024, 1, 10), activity_type=kinds.talk, households_visited=120, sessions=1)
    TargetFactory(region=regions.district, year=2024, metric="households", value=120)
    client.force_login(people.office)

    may = _page(client, "campaigns_dashboard", region=regions.district.pk, period="month", year=2024, month=5)

    assert "目标 10 · 完成 0 · 0.0%" in may
    assert "100.0%" not in may
    assert "当月完成数对比全年目标的十二分之一" in may


def test_reports_behind_the_figures_show_the_activity_type_and_a_history_link(client, regions, kinds, people):
    report = create_report(regions.town_a, D(2024, 5, 20), activity_type=kinds.show, title="竹山文化广场汇演")
    client.force_login(people.office)

    page = _page(client, "campaigns_dashboard_reports", region=regions.district.pk, year=2024)

    row = page.split('id="reports-table"', 1)[1]
    assert "<td>文艺演出</td>" in row
    assert "<td>竹山文化广场汇演</td>" in row
    assert reverse("wagtailsnippets_campaigns_activityreport:history", args=[report.pk]) in row


def test_reports_behind_the_figures_download_as_excel_and_csv_for_the_same_filters(client, regions, kinds, people):
    create_report(
        regions.town_a, D(2024, 5, 20), activity_type=kinds.show, title="竹山文化广场汇演", people_reached=900
    )
    create_report(regions.town_a, D(2023, 5, 20), activity_type=kinds.show, title="去年的汇演")
    url = reverse("campaigns_dashboard_reports")
    query = {"region": regions.district.pk, "year": 2024}
    client.force_login(people.office)

    csv_response = client.get(url, {**query, "export": "csv"})
    text = b"".join(csv_response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff") and "no-store" in csv_response["Cache-Control"]
    header, *rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert header == ["日期", "乡镇或村", "活动类型", "活动名称", "场次", "受众人数", "入户数", "发放宣传资料", "状态"]
    assert [row[:4] for row in rows] == [["2024-05-20", "五通镇", "文艺演出", "竹山文化广场汇演"]]
    assert rows[0][5] == "900"

    sheet = load_workbook(io.BytesIO(client.get(url, {**query, "export": "xlsx"}).content)).active
    assert [cell.value for cell in sheet[2]][1:6] == ["五通镇", "文艺演出", "竹山文化广场汇演", 1, 900]

    client.force_login(people.other_office)  # another city: the district is not a choice, its own city shows
    other = b"".join(client.get(url, {**query, "export": "csv"}).streaming_content).decode("utf-8")
    assert "竹山" not in other and "五通镇" not in other


def test_the_dashboards_bulletin_button_gives_the_latest_month_with_reports(client, regions, kinds, people):
    create_report(regions.town_a, D(2024, 3, 10), activity_type=kinds.talk)
    create_report(regions.town_b, D(2024, 5, 20), activity_type=kinds.talk)
    client.force_login(people.office)

    page = _page(client, "campaigns_dashboard", region=regions.district.pk, period="year", year=2024)

    assert "月通报（2024年5月）" in page
    assert "period=month&amp;year=2024&amp;month=5" in page


def test_excel_export_formats_figures_with_thousands(client, regions, kinds, people):
    create_report(regions.town_a, D(2024, 5, 20), activity_type=kinds.talk, sessions=300, people_reached=230000)
    client.force_login(people.office)

    response = client.get(reverse("campaigns_export"), {"region": regions.district.pk, "year": 2024})

    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for row in workbook.worksheets[1].iter_rows() for cell in row if cell.value == 230000]
    assert cells
    assert all(cell.number_format == "#,##0" for cell in cells)
    summary = [cell for row in workbook.worksheets[0].iter_rows() for cell in row if cell.value == 230000]
    assert summary
    assert all(cell.number_format == "#,##0" for cell in summary)


def make_bulletin_month(home, regions, kinds):
    """May 2024 in 临桂区, with May 2023 to compare, targets, and public quiz results in both Mays."""
    create_report(regions.town_a, D(2024, 5, 3), activity_type=kinds.show, sessions=6, people_reached=1200)
    create_report(
        regions.town_b,
        D(2024, 5, 9),
        activity_type=kinds.show,
        sessions=2,
        people_reached=3400,
        large_audience_confirmed=True,
    )
    create_report(regions.town_b, D(2024, 5, 12), activity_type=kinds.talk, sessions=9, people_reached=90)
    create_report(regions.town_a, D(2023, 5, 9), activity_type=kinds.show, sessions=4, people_reached=1000)
    TargetFactory(region=regions.district, year=2024, metric="sessions", value=120)
    quiz = QuizPageFactory(parent=home, counts_for_awareness=True, questions=[QuestionFactory() for _ in range(4)])
    may = timezone.make_aware(datetime.datetime(2024, 5, 15, 10))
    for passed in (True, True, True, False):
        take(quiz, regions.town_a, passed, may)
    take(quiz, regions.town_a, False, may.replace(year=2023))
    take(quiz, regions.town_a, True, may.replace(year=2023))
    settings = BulletinSettings.for_site(Site.objects.get(is_default_site=True))
    settings.header_title = "临桂区禁毒委员会办公室"
    settings.document_code = "临禁毒办"
    settings.distribution = "区委政法委"
    settings.save()
    return kinds


@pytest.fixture
def bulletin_month(site_tree, regions, kinds, people):
    """The month with rows of the test's own (TestBulletinOfAMonth shares one instead)."""
    home, _index = site_tree
    return make_bulletin_month(home, regions, kinds)


class TestBulletinOfAMonth:
    """The bulletin's tests read one month, built once for the class."""

    @pytest.fixture(scope="class")
    @classmethod
    def kept_month(cls, shared_base, django_db_blocker):
        with rolled_back(django_db_blocker):
            home, _index = make_site_tree()
            yield make_bulletin_month(home, shared_base.regions, shared_base.kinds)

    @pytest.fixture
    def bulletin_month(self, kept_month, db):
        return fresh(kept_month)

    def test_bulletin_of_a_month_has_red_header_title_year_over_year_ranking_and_awareness(
        self, client, regions, people, bulletin_month
    ):
        client.force_login(people.office)

        page = _page(
            client,
            "campaigns_bulletin",
            region=regions.district.pk,
            period="month",
            year=2024,
            month=5,
            activity_type=bulletin_month.show.pk,
        )

        assert "<title>临桂区禁毒宣传工作通报（2024年5月 · 文艺演出）</title>" in page
        assert '<p class="bulletin__issuer">临桂区禁毒委员会办公室</p>' in page
        assert "临禁毒办〔2024〕5号" in page
        figures = page.split('id="bulletin-figures"', 1)[1].split("</table>", 1)[0]
        # Sessions: 8 of 文艺演出 against 4 a year before (+100%), and 8 of a twelfth of 120.
        assert "<td>8</td>\n                        <td>4</td>\n                        <td>+100.0%</td>" in figures
        assert "80.0%" in figures
        # People: 4,600 against 1,000.
        assert "<td>4,600</td>" in figures
        assert "+360.0%" in figures
        # Awareness: 3 of 4 passed this May, 1 of 2 a year before.
        assert "<td>75.0%</td>" in figures
        assert "<td>50.0%</td>" in figures
        assert "+25.0 个百分点" in figures
        ranking = page.split('id="bulletin-ranking"', 1)[1].split("</table>", 1)[0]
        assert ranking.index("两江镇") < ranking.index("五通镇")
        assert "3,400" in ranking
        assert "抄送： 区委政法委" in page
        assert "data-print" in page
        assert "bulletin.js" in page
        assert "<script>" not in page

    def test_bulletin_asked_for_a_year_gives_its_latest_month(self, client, regions, people, bulletin_month):
        client.force_login(people.office)

        page = _page(client, "campaigns_bulletin", region=regions.district.pk, period="year", year=2024)

        assert "临桂区禁毒宣传工作通报（2024年5月）" in page
        assert "<td>17</td>" in page

    def test_bulletin_never_shows_another_regions_figures(self, client, regions, people, bulletin_month):
        client.force_login(people.other_office)

        response = client.get(reverse("campaigns_bulletin"), {"region": regions.district.pk, "period": "month"})

        # A region outside the scope is not a choice: the office gets its own region's bulletin.
        assert response.status_code == 200
        page = response.content.decode()
        assert "阳泉市禁毒宣传工作通报" in page
        assert "临桂区禁毒宣传工作通报" not in page
        assert "两江镇" not in page
        assert "五通镇" not in page

    def test_bulletin_workbook_keeps_formula_like_names_as_text(self, regions, people, bulletin_month):
        from campaigns import dashboard
        from campaigns.periods import Period
        from campaigns.rollup import Filters
        from jindu.spreadsheets import workbook_bytes

        regions.town_b.name = "=HYPERLINK(1)"
        regions.town_b.save()
        filters = Filters(region=regions.district, period=Period.month(2024, 5))
        context = dashboard.bulletin(filters)
        site_settings = BulletinSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.distribution = "=1+1"
        workbook = excel.bulletin_workbook(context, filters, site_settings, "5", datetime.date(2024, 6, 1))

        sheet = load_workbook(io.BytesIO(workbook_bytes(workbook))).active
        texts = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
        formula_cells = [cell.coordinate for cell in texts if cell.data_type == "f"]
        assert formula_cells == []
        assert "=HYPERLINK(1)" in [cell.value for cell in texts]
