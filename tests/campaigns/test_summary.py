import datetime
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.factories import CampaignFactory, create_report
from campaigns.figures import reports_in_period, totals
from campaigns.importer import import_reports
from campaigns.models import ActivityReport, MaterialSummary, MonthlySummary, ReportStatus
from campaigns.periods import Period
from campaigns.rollup import Filters, rollup
from campaigns.summary import rebuild
from jindu.factories import UserFactory
from tests.campaigns.conftest import make_kinds, make_people, make_regions
from tests.campaigns.test_excel import HEADER, workbook_file
from tests.campaigns.test_views import form_data
from tests.migration_steps import Migrations
from tests.module_rows import rolled_back

D = datetime.date


def from_scratch():
    """The summary worked out in Python from every report row, by the rule in campaigns/figures.py."""
    sums, quantities = defaultdict(lambda: [0, 0, 0, 0]), defaultdict(int)
    for report in ActivityReport.objects.select_related("region").prefetch_related("materials"):
        if not (report.live or report.status == ReportStatus.SUBMITTED):
            continue
        cell = (report.date.replace(day=1), report.campaign_id, report.activity_type_id, report.live)
        rows = [(report.region_id, *cell, True)] + [
            (ancestor.pk, *cell, False) for ancestor in report.region.get_ancestors()
        ]
        for key in rows:
            row = sums[key]
            row[0] += report.sessions
            row[1] += report.people_reached
            row[2] += report.households_visited
            row[3] += 1
            for line in report.materials.all():
                quantities[(*key, line.kind_id)] += line.quantity
    return {key: tuple(row) for key, row in sums.items()}, dict(quantities)


def stored():
    sums = {
        (row.region_id, row.month, row.campaign_id, row.activity_type_id, row.live, row.own): (
            row.sessions,
            row.people,
            row.households,
            row.reports,
        )
        for row in MonthlySummary.objects.all()
    }
    quantities = {
        (row.region_id, row.month, row.campaign_id, row.activity_type_id, row.live, row.own, row.kind_id): row.quantity
        for row in MaterialSummary.objects.all()
    }
    return sums, quantities


def assert_summary_is_current():
    assert stored() == from_scratch()


def town_a_may(regions, **options):
    return totals(Filters(region=regions.town_a, period=Period.month(2024, 5), **options))


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_summary_equals_a_fresh_computation_after_every_kind_of_change(client, regions, kinds, people, superuser):
    # Created and submitted from the phone: counts only with the submitted ones.
    client.force_login(people.officer_a)
    client.post(reverse("campaigns:report_create"), form_data(regions, kinds, sessions=2, people_reached=300))
    report = ActivityReport.objects.get()
    assert_summary_is_current()
    assert town_a_may(regions) == {}
    assert town_a_may(regions, include_submitted=True)["sessions"] == 2

    # Sent back, then corrected and sent again.
    client.force_login(people.office)
    client.post(reverse("campaigns:report_review", args=[report.pk]), {"action": "reject", "comment": "请核实"})
    assert_summary_is_current()
    assert town_a_may(regions, include_submitted=True) == {}
    client.force_login(people.officer_a)
    client.post(reverse("campaigns:report_edit", args=[report.pk]), form_data(regions, kinds, sessions=3))
    assert_summary_is_current()
    assert town_a_may(regions, include_submitted=True)["sessions"] == 3

    # Approved: now it counts.
    client.force_login(people.office)
    client.post(reverse("campaigns:report_review", args=[report.pk]), {"action": "approve"})
    assert_summary_is_current()
    assert town_a_may(regions)["sessions"] == 3

    # An approved report being edited keeps its approved figures, even with the submitted ones.
    client.force_login(people.officer_a)
    edited = form_data(regions, kinds, sessions=5, date="2024-06-03", **{f"material_{kinds.brochure.pk}": 40})
    client.post(reverse("campaigns:report_edit", args=[report.pk]), edited)
    assert_summary_is_current()
    assert town_a_may(regions)["sessions"] == 3
    assert town_a_may(regions, include_submitted=True)["sessions"] == 3
    assert town_a_may(regions)[f"material:{kinds.brochure.pk}"] == 150

    # Approving the edit moves the report to June with its new figures.
    client.force_login(people.office)
    client.post(reverse("campaigns:report_review", args=[report.pk]), {"action": "approve"})
    assert_summary_is_current()
    assert town_a_may(regions) == {}
    june = totals(Filters(region=regions.town_a, period=Period.month(2024, 6)))
    assert (june["sessions"], june[f"material:{kinds.brochure.pk}"]) == (5, 40)

    # A draft does not count; an import updates one report and adds another.
    create_report(regions.village_a, D(2024, 5, 2), sessions=7, approved=False)
    CampaignFactory(name="2024年全民禁毒宣传月")
    rows = [
        ["2024-06-03", "450312104", "禁毒宣讲", "", "", 6, 200, 0, 10, ""],
        [D(2024, 5, 9), "450312104201", "文艺演出", "2024年全民禁毒宣传月", "竹山广场", 2, 500, 0, 300, ""],
    ]
    result = import_reports(workbook_file(rows, HEADER))
    assert (result.created, result.updated) == (1, 1), [str(error) for error in result.errors]
    assert_summary_is_current()
    assert town_a_may(regions)["sessions"] == 2

    # Deleted in the Wagtail admin.
    client.force_login(superuser)
    response = client.post(reverse("wagtailsnippets_campaigns_activityreport:delete", args=[report.pk]))
    assert response.status_code == 302
    assert not ActivityReport.objects.filter(pk=report.pk).exists()
    assert_summary_is_current()
    assert totals(Filters(region=regions.town_a, period=Period.month(2024, 6))) == {}


def test_a_range_that_cuts_months_adds_the_partial_days_from_the_reports(regions, kinds):
    for day, sessions in [(D(2024, 1, 9), 1), (D(2024, 1, 10), 2), (D(2024, 2, 15), 4), (D(2024, 3, 20), 8)]:
        create_report(regions.town_a, day, sessions=sessions, materials={kinds.brochure: sessions})
    create_report(regions.town_b, D(2024, 3, 21), sessions=16)

    for start, end in [
        (D(2024, 1, 10), D(2024, 3, 20)),
        (D(2024, 1, 10), D(2024, 1, 31)),
        (D(2024, 1, 1), D(2024, 2, 29)),
    ]:
        filters = Filters(region=regions.city, period=Period.range(start, end))
        reports = list(reports_in_period(filters).prefetch_related("materials"))
        figures = totals(filters)
        assert figures["sessions"] == sum(report.sessions for report in reports)
        assert figures[f"material:{kinds.brochure.pk}"] == sum(
            report.material_quantity(kinds.brochure) for report in reports
        )
        assert figures["reports"] == len(reports)


def test_campaign_and_type_cells_stay_apart(regions, kinds):
    month = CampaignFactory(name="2024年全民禁毒宣传月")
    create_report(regions.town_a, D(2024, 6, 1), sessions=1, campaign=month)
    create_report(regions.town_a, D(2024, 6, 2), sessions=2)
    create_report(regions.town_a, D(2024, 6, 3), sessions=4, activity_type=kinds.show, campaign=month)

    assert_summary_is_current()
    assert MonthlySummary.objects.filter(own=True).count() == 3
    june = Period.month(2024, 6)
    assert totals(Filters(region=regions.city, period=june, campaign=month))["sessions"] == 5
    assert totals(Filters(region=regions.city, period=june, activity_type=kinds.show))["sessions"] == 4


def make_reports(regions, kinds, count):
    places = [regions.town_a, regions.village_a, regions.town_b]
    for number in range(count):
        create_report(
            places[number % 3],
            D(2024, number % 12 + 1, number % 28 + 1),
            sessions=1 + number % 3,
            activity_type=kinds.show if number % 2 else kinds.talk,
            materials={kinds.brochure: 10, kinds.banner: number},
        )
        if number % 5 == 0:
            create_report(places[number % 3], D(2023, number % 12 + 1, 5), sessions=1, approved=False)


def dashboard_queries(client, regions, **query):
    url = reverse("campaigns_dashboard")
    params = {"region": regions.city.pk, "period": "year", "year": 2024, **query}
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries), response


QUERIES = [
    {},
    {"include_submitted": "on"},
    {"period": "month", "month": 5},
    {"period": "range", "start": "2024-01-10", "end": "2024-03-20"},
]


@pytest.fixture(scope="class")
def counts(django_db_setup, django_db_blocker):
    """Filing 39 reports is slow, so TestDashboardQueryCount files them once, in a transaction rolled back at its
    end: each query's count is taken at 3 reports, then again at 39."""
    with rolled_back(django_db_blocker):
        regions = make_regions()
        kinds = make_kinds()
        client = Client()
        client.force_login(make_people(regions).office)
        make_reports(regions, kinds, 3)
        few = [dashboard_queries(client, regions, **query)[0] for query in QUERIES]
        make_reports(regions, kinds, 36)
        many = [dashboard_queries(client, regions, **query) for query in QUERIES]
        yield few, many


@pytest.mark.xdist_group("summary_dashboard")
class TestDashboardQueryCount:
    @pytest.mark.parametrize("query", QUERIES)
    def test_dashboard_query_count_does_not_grow_with_the_reports(self, counts, query):
        few, many = counts
        position = QUERIES.index(query)
        count, response = many[position]

        assert count == few[position]
        assert "两江镇" in response.content.decode()


def test_dashboard_figures_come_from_the_summary(client, regions, kinds, people):
    make_reports(regions, kinds, 12)
    client.force_login(people.office)
    result = rollup(Filters(region=regions.city, period=Period.year(2024)))
    reports = list(reports_in_period(Filters(region=regions.city, period=Period.year(2024))))

    assert result.totals["sessions"] == sum(report.sessions for report in reports)
    assert result.report_count == len(reports)
    MonthlySummary.objects.update(sessions=0)

    assert rollup(Filters(region=regions.city, period=Period.year(2024))).totals["sessions"] == 0


def test_rebuild_command_repairs_the_summary(regions, kinds, capsys):
    make_reports(regions, kinds, 6)
    expected = from_scratch()
    MonthlySummary.objects.filter(region=regions.town_a).delete()
    MaterialSummary.objects.update(quantity=1)
    assert stored() != expected

    call_command("rebuild_campaign_summary")

    assert stored() == expected
    assert f"{len(expected[0])} summary rows" in capsys.readouterr().out


def test_bulk_created_reports_count_after_a_rebuild(regions, kinds):
    ActivityReport.objects.bulk_create(
        [
            ActivityReport(
                region=regions.town_a,
                date=D(2024, 4, day),
                activity_type=kinds.talk,
                sessions=day,
                live=True,
                status=ReportStatus.APPROVED,
            )
            for day in (1, 2)
        ]
    )
    assert MonthlySummary.objects.count() == 0

    assert rebuild() == (3, 0)  # the town's own row, and the district's and the city's rows for it
    assert totals(Filters(region=regions.city, period=Period.month(2024, 4)))["sessions"] == 3


def test_moving_a_village_to_another_town_moves_its_figures(regions, kinds):
    create_report(regions.village_a, D(2024, 4, 2), sessions=3, materials={kinds.brochure: 5})
    create_report(regions.town_a, D(2024, 4, 3), sessions=1)
    april = Period.month(2024, 4)

    regions.village_a.move(regions.town_b, "sorted-child")

    assert_summary_is_current()
    town_b = ActivityReport.objects.get(sessions=3).region.get_parent()
    assert town_b.pk == regions.town_b.pk
    assert totals(Filters(region=town_b, period=april))["sessions"] == 3
    assert totals(Filters(region=regions.town_a, period=april))["sessions"] == 1
    assert totals(Filters(region=regions.city, period=april))["sessions"] == 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.migrations
def test_the_migration_fills_the_summary_for_existing_reports(regions, kinds):
    create_report(regions.village_a, D(2024, 4, 2), sessions=3, materials={kinds.brochure: 5})
    create_report(regions.town_b, D(2024, 6, 9), sessions=2, approved=False, status=ReportStatus.SUBMITTED)
    expected = from_scratch()
    migrations = Migrations()
    migrations.migrate([("campaigns", "0002_activityreport_showing")])
    migrations.latest()

    assert stored() == expected
    assert len(expected[0]) == 7  # the village, its town, district and city; the other town and its two
