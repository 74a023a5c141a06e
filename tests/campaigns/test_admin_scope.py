"""Every admin view of activity reports asks the report's permission policy, so the region holds everywhere."""

import datetime

import pytest
from django.urls import reverse

from campaigns.factories import create_report
from campaigns.models import ActivityReport, ReportStatus
from campaigns.workflow import sent_back_reason, submit
from tests.campaigns.conftest import shared_base_fixtures

D = datetime.date(2024, 5, 20)

# One worker builds the shared rows once.
# The module's reports are built once, so the search test's report list finds them only if they were indexed
# as they were saved: the whole module keeps the search index up to date.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("campaigns_admin_scope"), pytest.mark.search_index]

OBJECT_VIEWS = ["edit", "history", "usage", "workflow_history", "revisions_compare", "revisions_revert"]


def _url(name, report):
    if name == "revisions_compare":
        return reverse(
            "wagtailsnippets_campaigns_activityreport:revisions_compare", args=[report.pk, "earliest", "latest"]
        )
    if name == "revisions_revert":
        revision = report.revisions.order_by("pk").first()
        return reverse("wagtailsnippets_campaigns_activityreport:revisions_revert", args=[report.pk, revision.pk])
    return reverse(f"wagtailsnippets_campaigns_activityreport:{name}", args=[report.pk])


regions, kinds, people = shared_base_fixtures()


def build_module_rows(base):
    """An approved 五通 report of 临桂 and a submitted one, for the 临桂 office; the 阳泉 office sees neither."""
    regions, kinds, people = base.regions, base.kinds, base.people
    approved = create_report(regions.town_a, D, activity_type=kinds.talk, title="五通宣讲", user=people.officer_a)
    waiting = create_report(
        regions.town_b, D, activity_type=kinds.show, title="两江演出", approved=False, user=people.officer_b
    )
    submit(waiting, people.officer_b)
    waiting.refresh_from_db()
    return approved, waiting


@pytest.fixture
def two_reports(rows):
    return rows


@pytest.mark.parametrize("view", OBJECT_VIEWS)
def test_office_opens_every_view_of_a_report_in_its_region(client, people, two_reports, view):
    client.force_login(people.office)

    for report in two_reports:
        assert client.get(_url(view, report)).status_code == 200, (view, report)


@pytest.mark.parametrize("view", [*OBJECT_VIEWS, "delete", "unpublish", "lock"])
def test_office_of_another_region_gets_no_view_of_a_report(client, people, two_reports, view):
    client.force_login(people.other_office)

    for report in two_reports:
        assert client.get(_url(view, report)).status_code in (403, 404), (view, report)


def test_office_of_another_region_cannot_unpublish_or_delete(client, people, two_reports):
    approved, _waiting = two_reports
    client.force_login(people.other_office)

    unpublish = client.post(reverse("wagtailsnippets_campaigns_activityreport:unpublish", args=[approved.pk]))
    delete = client.post(reverse("wagtailsnippets_campaigns_activityreport:delete", args=[approved.pk]))

    assert unpublish.status_code in (403, 404)
    assert delete.status_code in (403, 404)
    approved.refresh_from_db()
    assert approved.live


def test_the_workflow_history_detail_is_scoped_too(client, people, two_reports):
    _approved, waiting = two_reports
    state = waiting.workflow_states.get()
    url = reverse("wagtailsnippets_campaigns_activityreport:workflow_history_detail", args=[waiting.pk, state.pk])

    client.force_login(people.office)
    assert client.get(url).status_code == 200
    client.force_login(people.other_office)
    assert client.get(url).status_code in (403, 404)


def test_report_list_search_works_and_keeps_to_the_region(client, people, two_reports):
    index_url = reverse("wagtailsnippets_campaigns_activityreport:list")

    client.force_login(people.office)
    response = client.get(index_url, {"q": "五通"})
    assert response.status_code == 200
    assert "五通宣讲" in response.content.decode()
    assert "两江演出" not in response.content.decode()

    client.force_login(people.other_office)
    response = client.get(index_url, {"q": "五通"})
    assert response.status_code == 200
    assert "五通宣讲" not in response.content.decode()


def test_site_history_lists_only_the_regions_reports(client, people, two_reports):
    url = reverse("wagtailadmin_reports:site_history")

    client.force_login(people.office)
    own = client.get(url)
    assert own.status_code == 200
    assert "五通宣讲" in own.content.decode()

    client.force_login(people.other_office)
    other = client.get(url)
    assert other.status_code == 200
    assert "五通宣讲" not in other.content.decode()
    assert "两江演出" not in other.content.decode()


def test_report_history_lists_its_actions(client, people, two_reports):
    approved, _waiting = two_reports
    client.force_login(people.office)

    response = client.get(reverse("wagtailsnippets_campaigns_activityreport:history", args=[approved.pk]))

    assert response.status_code == 200
    assert ActivityReport.objects.filter(pk=approved.pk).exists()
    assert "五通宣讲" in response.content.decode()


def _bulk(action, *reports):
    url = reverse("wagtail_bulk_action", args=["campaigns", "activityreport", action])
    return url + "?" + "&".join(f"id={report.pk}" for report in reports)


def test_office_approves_submitted_reports_in_bulk(client, regions, kinds, people, two_reports):
    approved, waiting = two_reports
    another = create_report(regions.village_a, D, activity_type=kinds.talk, approved=False, user=people.officer_a)
    submit(another, people.officer_a)
    client.force_login(people.office)

    confirm = client.get(_bulk("approve_reports", approved, waiting, another))
    assert confirm.status_code == 200
    assert "2 份待审核报表" in confirm.content.decode()
    response = client.post(_bulk("approve_reports", approved, waiting, another))

    assert response.status_code == 302
    for report in (waiting, another):
        report.refresh_from_db()
        assert report.live
        assert report.status == ReportStatus.APPROVED


def test_bulk_send_back_needs_a_reason_and_gives_it_to_the_officer(client, people, two_reports):
    _approved, waiting = two_reports
    client.force_login(people.office)

    refused = client.post(_bulk("send_back_reports", waiting), {"reason": ""})
    assert refused.status_code == 200
    assert "请说明需要宣传员改正的内容" in refused.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == ReportStatus.SUBMITTED

    client.post(_bulk("send_back_reports", waiting), {"reason": "请补充照片"})
    waiting.refresh_from_db()
    assert waiting.status == ReportStatus.SENT_BACK
    assert sent_back_reason(waiting) == "请补充照片"


def test_office_of_another_region_cannot_approve_in_bulk(client, people, two_reports):
    _approved, waiting = two_reports
    client.force_login(people.other_office)

    assert client.get(_bulk("approve_reports", waiting)).status_code == 404
    assert client.post(_bulk("approve_reports", waiting)).status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == ReportStatus.SUBMITTED


def test_each_report_approved_in_bulk_shows_its_approval_in_its_history(client, regions, kinds, people, two_reports):
    _approved, waiting = two_reports
    another = create_report(regions.village_a, D, activity_type=kinds.talk, approved=False, user=people.officer_a)
    submit(another, people.officer_a)
    client.force_login(people.office)
    client.post(_bulk("approve_reports", waiting, another))

    for report in (waiting, another):
        entries = client.get(reverse("wagtailsnippets_campaigns_activityreport:history", args=[report.pk]))
        actions = [entry.action for entry in entries.context["object_list"]]
        assert actions.count("wagtail.workflow.approve") == 1, (report, actions)
