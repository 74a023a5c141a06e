import datetime

import pytest

from campaigns.factories import CampaignFactory, TargetFactory, create_report
from campaigns.figures import totals
from campaigns.models import ReportStatus
from campaigns.periods import Period
from campaigns.rollup import Filters, rank_towns, rollup
from tests.campaigns.conftest import shared_base_fixtures

D = datetime.date


regions, kinds, people = shared_base_fixtures()

# One worker builds the shared rows once.
pytestmark = pytest.mark.xdist_group("campaigns_rollup")


def build_module_rows(base):
    """Reports whose sums are worked out by hand in the tests below."""
    regions, b = base.regions, base.kinds.brochure
    create_report(
        regions.town_a, D(2024, 1, 31), sessions=2, people_reached=100, households_visited=10, materials={b: 50}
    )
    create_report(regions.village_a, D(2024, 2, 1), sessions=1, people_reached=40, materials={b: 30})
    create_report(regions.town_b, D(2024, 12, 31), sessions=3, people_reached=300, activity_type=base.kinds.show)
    create_report(regions.town_b, D(2025, 1, 1), sessions=5, people_reached=500)
    create_report(
        regions.town_b, D(2024, 6, 15), sessions=7, people_reached=70, approved=False, status=ReportStatus.SUBMITTED
    )
    create_report(regions.town_a, D(2024, 3, 3), sessions=11, people_reached=110, approved=False)
    create_report(regions.other_town, D(2024, 3, 1), sessions=9, people_reached=900)
    create_report(regions.town_a, D(2023, 1, 15), sessions=4, people_reached=50)


@pytest.fixture
def fixture(rows, regions):
    return regions


def test_year_totals_cover_the_subtree_and_only_approved_reports(fixture, kinds):
    result = rollup(Filters(region=fixture.city, period=Period.year(2024)))

    assert result.totals["sessions"] == 6
    assert result.totals["people"] == 440
    assert result.totals["households"] == 10
    assert result.totals[f"material:{kinds.brochure.pk}"] == 80
    assert result.report_count == 3


def test_include_submitted_adds_reports_waiting_for_approval_but_not_drafts(fixture):
    result = rollup(Filters(region=fixture.city, period=Period.year(2024), include_submitted=True))

    assert result.totals["sessions"] == 13
    assert result.report_count == 4


def test_month_boundaries_are_local_dates(fixture):
    january = totals(Filters(region=fixture.city, period=Period.month(2024, 1)))
    february = totals(Filters(region=fixture.city, period=Period.month(2024, 2)))
    december = totals(Filters(region=fixture.city, period=Period.month(2024, 12)))
    next_january = totals(Filters(region=fixture.city, period=Period.month(2025, 1)))

    assert january["sessions"] == 2
    assert february["sessions"] == 1
    assert december["sessions"] == 3
    assert next_january["sessions"] == 5


def test_monthly_trend_and_year_before_line(fixture):
    result = rollup(Filters(region=fixture.city, period=Period.year(2024)))

    assert [month.month for month in result.months] == list(range(1, 13))
    assert result.monthly[D(2024, 1, 1)]["sessions"] == 2
    assert result.monthly[D(2024, 2, 1)]["people"] == 40
    assert D(2024, 6, 1) not in result.monthly
    assert result.previous_monthly[D(2024, 1, 1)]["sessions"] == 4


def test_year_over_year_change_with_a_zero_base_has_no_percent(fixture, kinds):
    changes = rollup(Filters(region=fixture.city, period=Period.year(2024))).changes()

    assert changes["sessions"].previous == 4
    assert changes["sessions"].percent == 50.0
    assert changes["households"].previous == 0
    assert changes["households"].difference == 10
    assert changes["households"].percent is None
    assert changes[f"material:{kinds.brochure.pk}"].percent is None


def test_town_ranking_and_areas_below_the_region(fixture):
    result = rollup(Filters(region=fixture.district, period=Period.year(2024)))

    ranked = rank_towns(result.towns, "people")
    assert [(row.region.name, row.figures["people"], row.rank) for row in ranked] == [
        ("两江镇", 300, 1),
        ("五通镇", 140, 2),
    ]
    by_sessions = rank_towns(result.towns, "sessions")
    assert [row.rank for row in by_sessions] == [1, 1]
    areas = {row.region.name: row.figures.get("sessions", 0) for row in result.children}
    assert areas == {"五通镇": 3, "两江镇": 3}
    heat = dict(result.heat("sessions"))
    assert heat[fixture.town_a][:3] == [2, 1, 0]


def test_town_drill_down_lists_villages_and_the_towns_own_reports(fixture):
    result = rollup(Filters(region=fixture.town_a, period=Period.year(2024)))

    areas = [(row.region.name, row.is_self, row.figures["sessions"]) for row in result.children]
    assert areas == [("五通镇", True, 2), ("竹山村", False, 1)]


def test_year_target_progress_and_childrens_targets_add_up(fixture):
    TargetFactory(region=fixture.city, year=2024, metric="sessions", value=12)
    TargetFactory(region=fixture.town_a, year=2024, metric="people", value=1000)
    TargetFactory(region=fixture.town_b, year=2024, metric="people", value=1000)

    city = rollup(Filters(region=fixture.city, period=Period.year(2024)))
    district = rollup(Filters(region=fixture.district, period=Period.year(2024)))

    assert city.targets["sessions"].percent == 50.0
    assert city.target_basis == "year"
    assert district.targets["people"].target == 2000
    assert district.targets["people"].achieved == 440
    assert district.targets["people"].percent == 22.0


def test_month_target_progress_holds_the_month_against_a_twelfth_of_the_year(fixture):
    TargetFactory(region=fixture.city, year=2024, metric="sessions", value=12)
    TargetFactory(region=fixture.city, year=2024, metric="households", value=120)

    february = rollup(Filters(region=fixture.city, period=Period.month(2024, 2)))

    assert february.totals["sessions"] == 1
    assert february.target_basis == "month"
    assert february.targets["sessions"].target == 1
    assert february.targets["sessions"].achieved == 1
    assert february.targets["sessions"].percent == 100.0
    # February had no door-to-door visits: 0 of its 10, not the year's 10 of 120 read as progress.
    assert february.targets["households"].target == 10
    assert february.targets["households"].percent == 0.0


def test_quarter_target_is_a_quarter_of_the_year_and_tiny_targets_give_no_rate(fixture):
    TargetFactory(region=fixture.city, year=2024, metric="sessions", value=20)
    TargetFactory(region=fixture.city, year=2024, metric="people", value=5)

    first_quarter = rollup(Filters(region=fixture.city, period=Period.quarter(2024, 1)))
    january = rollup(Filters(region=fixture.city, period=Period.month(2024, 1)))

    assert first_quarter.target_basis == "quarter"
    assert first_quarter.targets["sessions"].target == 5
    assert first_quarter.targets["sessions"].percent == 60.0
    assert january.targets["sessions"].target == 2
    # Five people a year cannot be shared out over twelve months: no monthly target, no rate.
    assert "people" not in january.targets


def test_a_range_inside_one_year_counts_the_year_to_date(fixture):
    TargetFactory(region=fixture.city, year=2024, metric="sessions", value=12)

    spring = rollup(Filters(region=fixture.city, period=Period.range(D(2024, 2, 1), D(2024, 3, 31))))

    assert spring.target_basis == "year_to_date"
    assert spring.targets["sessions"].achieved == 3
    assert spring.targets["sessions"].percent == 25.0


def test_campaign_and_activity_type_filters(fixture, kinds):
    month = CampaignFactory(name="2024年全民禁毒宣传月")
    create_report(fixture.town_a, D(2024, 6, 10), sessions=17, people_reached=1200, campaign=month)
    TargetFactory(region=fixture.city, campaign=month, metric="sessions", value=34)

    campaign = rollup(Filters(region=fixture.city, period=Period.year(2024), campaign=month))
    shows = totals(Filters(region=fixture.city, period=Period.year(2024), activity_type=kinds.show))

    assert campaign.totals["sessions"] == 17
    assert campaign.targets["sessions"].percent == 50.0
    assert shows == {"sessions": 3, "people": 300, "households": 0, "reports": 1}


def test_previous_year_of_a_leap_day_range():
    period = Period.range(D(2024, 2, 1), D(2024, 2, 29))

    assert period.previous_year() == Period.range(D(2023, 2, 1), D(2023, 2, 28))
