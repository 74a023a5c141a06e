"""Inbox messages of the report workflow: who hears of a submitted, sent-back or approved report, from every path."""

import datetime

import pytest
from django.urls import reverse

from campaigns.factories import create_report
from campaigns.workflow import review, submit
from jindu.factories import UserFactory
from jindu.models import Notification, NotificationKind
from tests.campaigns.conftest import shared_base_fixtures

# One worker builds the shared rows once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("campaigns_notices")]

DAY = datetime.date(2024, 5, 20)


regions, kinds, people = shared_base_fixtures()


def build_module_rows(base):
    regions, kinds, people = base.regions, base.kinds, base.people
    return create_report(
        regions.village_a, DAY, activity_type=kinds.talk, title="竹山禁毒宣讲", approved=False, user=people.officer_a
    )


@pytest.fixture
def draft(rows):
    return rows


def inbox(user, kind=None):
    messages = Notification.objects.for_user(user)
    return list(messages.filter(kind=kind) if kind else messages)


def test_the_office_of_the_region_hears_of_a_submitted_report_and_no_one_else(client, people, draft):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(people.officer_a)
    assert client.post(reverse("campaigns:report_submit", args=[draft.pk])).status_code == 302

    (message,) = Notification.objects.all()
    assert message.recipient == people.office
    assert message.kind == NotificationKind.REPORT_SUBMITTED
    assert message.title == "新报表待审核：2024年5月20日 竹山村 竹山禁毒宣讲"
    assert "五通宣传员 提交了桂林市 临桂区 五通镇 竹山村的活动报表" in message.body
    assert message.url == reverse("campaigns:report_detail", args=[draft.pk])


def test_a_report_sent_back_on_the_phone_reaches_its_officer_with_the_reason(client, people, draft):
    submit(draft, people.officer_a)
    client.force_login(people.office)
    client.post(
        reverse("campaigns:report_review", args=[draft.pk]), {"action": "reject", "comment": "入户数与照片不符"}
    )

    (message,) = inbox(people.officer_a)
    assert message.kind == NotificationKind.REPORT_SENT_BACK
    assert message.title == "报表被退回：2024年5月20日 竹山村 竹山禁毒宣讲"
    assert message.body == "退回原因：入户数与照片不符\n请修改报表后重新提交。"
    assert message.url == f"/reports/{draft.pk}/"
    assert inbox(people.officer_b) == [] and inbox(people.other_office) == []
    assert inbox(people.office, NotificationKind.REPORT_SENT_BACK) == [], "the office is not told of its own step"


def test_sending_again_tells_the_office_it_is_back(client, people, draft):
    submit(draft, people.officer_a)
    review(draft, people.office, "reject", "请补充照片")
    client.force_login(people.officer_a)
    client.post(reverse("campaigns:report_submit", args=[draft.pk]))

    titles = [message.title for message in inbox(people.office, NotificationKind.REPORT_SUBMITTED)]
    assert titles == [
        "报表重新提交待审核：2024年5月20日 竹山村 竹山禁毒宣讲",
        "新报表待审核：2024年5月20日 竹山村 竹山禁毒宣讲",
    ]


def test_an_approved_report_reaches_its_officer_with_the_comment(client, people, draft):
    submit(draft, people.officer_a)
    client.force_login(people.office)
    client.post(reverse("campaigns:report_review", args=[draft.pk]), {"action": "approve", "comment": "图文并茂"})

    (message,) = inbox(people.officer_a)
    assert message.kind == NotificationKind.REPORT_APPROVED
    assert message.title == "报表已通过审核：2024年5月20日 竹山村 竹山禁毒宣讲"
    assert "数据已计入统计" in message.body and "审核意见：图文并茂" in message.body


def test_the_admins_workflow_action_and_bulk_send_back_tell_the_officer(client, people, draft):
    submit(draft, people.officer_a)
    client.force_login(people.office)
    task_state = draft.current_workflow_state.current_task_state
    url = reverse("wagtailsnippets_campaigns_activityreport:workflow_action", args=[draft.pk, "reject", task_state.pk])
    assert client.post(url, {"comment": "日期有误"}).status_code in (200, 302)
    (sent_back,) = inbox(people.officer_a)
    assert sent_back.body.startswith("退回原因：日期有误")

    client.force_login(people.officer_a)
    client.post(reverse("campaigns:report_submit", args=[draft.pk]))
    client.force_login(people.office)
    bulk = reverse("wagtail_bulk_action", args=["campaigns", "activityreport", "send_back_reports"])
    client.post(f"{bulk}?id={draft.pk}", {"reason": "请补充照片"})
    latest = inbox(people.officer_a, NotificationKind.REPORT_SENT_BACK)[0]
    assert latest.body.startswith("退回原因：请补充照片")


def test_the_officer_sees_the_sent_back_report_in_the_inbox_and_the_other_officer_does_not(client, people, draft):
    submit(draft, people.officer_a)
    review(draft, people.office, "reject", "请补充照片")

    client.force_login(people.officer_a)
    assert "请补充照片" in client.get(reverse("inbox")).content.decode()
    client.force_login(people.officer_b)
    assert "请补充照片" not in client.get(reverse("inbox")).content.decode()
    message = Notification.objects.get(recipient=people.officer_a)
    assert client.post(reverse("inbox_read", args=[message.pk])).status_code == 404
