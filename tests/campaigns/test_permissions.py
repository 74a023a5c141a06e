import datetime

import pytest
from django.urls import reverse

from campaigns.access import visible_reports
from campaigns.factories import create_report
from campaigns.figures import totals
from campaigns.models import ActivityReport, ReportStatus
from campaigns.periods import Period
from campaigns.rollup import Filters
from campaigns.workflow import submit
from tests.campaigns.conftest import shared_base_fixtures

D = datetime.date(2024, 5, 20)


regions, kinds, people = shared_base_fixtures()

# One worker builds the shared rows once.
pytestmark = pytest.mark.xdist_group("campaigns_permissions")


def build_module_rows(base):
    regions, people = base.regions, base.people
    report = create_report(regions.town_b, D, sessions=3, people_reached=120, approved=False, user=people.officer_b)
    submit(report, people.officer_b)
    report.refresh_from_db()
    return report


@pytest.fixture
def report_b(rows):
    return rows


def test_officer_sees_only_reports_of_their_own_town(regions, kinds, people, report_b):
    own = create_report(regions.village_a, D, sessions=1, approved=False, user=people.officer_a)

    assert list(visible_reports(people.officer_a)) == [own]
    assert set(visible_reports(people.office)) == {own, report_b}
    assert list(visible_reports(people.other_office)) == []


def test_officer_of_town_a_cannot_open_or_edit_a_report_of_town_b(client, people, report_b):
    client.force_login(people.officer_a)

    assert client.get(reverse("campaigns:report_detail", args=[report_b.pk])).status_code == 404
    assert client.get(reverse("campaigns:report_edit", args=[report_b.pk])).status_code == 404
    response = client.post(reverse("campaigns:report_edit", args=[report_b.pk]), {"sessions": 99})
    assert response.status_code == 404
    assert ActivityReport.objects.get(pk=report_b.pk).sessions == 3


def test_officer_cannot_approve_even_a_report_of_their_own_town(client, regions, kinds, people):
    report = create_report(regions.town_a, D, sessions=2, approved=False, user=people.officer_a)
    submit(report, people.officer_a)
    client.force_login(people.officer_a)

    response = client.post(reverse("campaigns:report_review", args=[report.pk]), {"action": "approve"})

    assert response.status_code == 403
    report.refresh_from_db()
    assert not report.live
    assert report.status == ReportStatus.SUBMITTED


def test_office_of_another_region_cannot_approve(client, people, report_b):
    client.force_login(people.other_office)

    response = client.post(reverse("campaigns:report_review", args=[report_b.pk]), {"action": "approve"})

    assert response.status_code == 404
    task = report_b.current_workflow_task_state.task.specific
    assert task.get_actions(report_b, people.other_office) == []
    assert task.get_actions(report_b, people.office)


def test_office_approval_moves_the_report_into_the_totals(client, regions, people, report_b):
    filters = Filters(region=regions.city, period=Period.year(2024))
    assert totals(filters).get("sessions", 0) == 0
    client.force_login(people.office)

    response = client.post(reverse("campaigns:report_review", args=[report_b.pk]), {"action": "approve"})

    assert response.status_code == 302
    report_b.refresh_from_db()
    assert report_b.live
    assert report_b.status == ReportStatus.APPROVED
    assert totals(filters)["sessions"] == 3


def test_sending_back_needs_a_reason_and_shows_it_to_the_officer(client, people, report_b):
    client.force_login(people.office)
    response = client.post(reverse("campaigns:report_review", args=[report_b.pk]), {"action": "reject"}, follow=True)
    assert "请说明退回原因" in response.content.decode()
    report_b.refresh_from_db()
    assert report_b.status == ReportStatus.SUBMITTED

    client.post(
        reverse("campaigns:report_review", args=[report_b.pk]), {"action": "reject", "comment": "受众人数请核实"}
    )
    report_b.refresh_from_db()
    assert report_b.status == ReportStatus.SENT_BACK

    client.force_login(people.officer_b)
    page = client.get(reverse("campaigns:report_edit", args=[report_b.pk])).content.decode()
    assert "受众人数请核实" in page


def test_officer_cannot_edit_while_the_office_reviews(client, people, report_b):
    client.force_login(people.officer_b)

    response = client.get(reverse("campaigns:report_edit", args=[report_b.pk]), follow=True)

    assert "正在审核" in response.content.decode()


def test_office_outside_the_region_gets_404_in_the_wagtail_admin(client, people, report_b):
    client.force_login(people.other_office)
    edit_url = reverse("wagtailsnippets_campaigns_activityreport:edit", args=[report_b.pk])
    index_url = reverse("wagtailsnippets_campaigns_activityreport:list")

    assert client.get(edit_url).status_code == 404
    assert str(report_b.region) not in client.get(index_url).content.decode()

    client.force_login(people.office)
    assert client.get(edit_url).status_code == 200


def test_dashboard_refuses_a_region_outside_the_users_scope(client, regions, people):
    client.force_login(people.office)

    assert client.get(reverse("campaigns_dashboard"), {"region": regions.district.pk}).status_code == 200
    response = client.get(reverse("campaigns_dashboard"), {"region": regions.other_city.pk})
    assert response.status_code in (200, 403)
    assert "阳泉市" not in response.content.decode().split("<h2>", 1)[-1][:200]


def test_officers_cannot_open_the_dashboard(client, people):
    client.force_login(people.officer_a)

    response = client.get(reverse("campaigns_dashboard"))

    assert response.status_code in (302, 403)
