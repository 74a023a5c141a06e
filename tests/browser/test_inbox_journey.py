"""An officer on a phone learns from the inbox that the office sent a report back, and follows it to the report."""

import datetime

import pytest
from playwright.sync_api import expect

from campaigns.factories import ActivityTypeFactory, create_report
from campaigns.workflow import review, submit
from jindu.models import Notification
from tests.browser.conftest import staff_sign_in
from tests.browser.test_officer_journey import PASSWORD, fits_the_phone, shot
from tests.campaigns.conftest import make_people, make_regions
from tests.conftest import make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "入户数与照片不符，请核实后重新提交。"


@pytest.fixture
def waiting_report():
    make_site_tree()
    regions = make_regions()
    people = make_people(regions)
    people.officer_a.set_password(PASSWORD)
    people.officer_a.save()
    report = create_report(
        regions.town_a,
        datetime.date(2024, 5, 20),
        activity_type=ActivityTypeFactory(name="禁毒宣讲"),
        title="五通禁毒宣讲",
        approved=False,
        user=people.officer_a,
    )
    submit(report, people.officer_a)
    return report, people


def test_officer_sees_the_badge_opens_the_inbox_and_follows_the_message_to_the_report(
    live_server, phone, waiting_report
):
    report, people = waiting_report

    staff_sign_in(phone, live_server.url, "officer_a", PASSWORD)
    expect(phone.get_by_role("heading", name="活动报表")).to_be_visible()
    expect(phone.locator(".inbox-link")).to_have_text("消息")

    # Meanwhile the office sends the report back through its review step.
    review(report, people.office, "reject", REASON)

    phone.reload()
    badge = phone.locator(".inbox-link .inbox-badge")
    expect(badge).to_have_text("1 未读")
    fits_the_phone(phone)
    shot(phone, "inbox-01-badge")

    phone.locator(".inbox-link").click()
    expect(phone.get_by_role("heading", name="消息", exact=True)).to_be_visible()
    item = phone.locator(".inbox-item--unread")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("报表被退回：2024年5月20日 五通镇 五通禁毒宣讲")
    expect(item).to_contain_text(REASON)
    fits_the_phone(phone)
    shot(phone, "inbox-02-list")

    # The link marks the message read through the page's script, which runs once the page has loaded.
    phone.wait_for_load_state()
    item.get_by_role("link", name="报表被退回").click()
    phone.wait_for_url(f"**/reports/{report.pk}/")
    expect(phone.get_by_text(REASON).first).to_be_visible()
    expect(phone.locator(".inbox-link .inbox-badge")).to_have_count(0)
    assert Notification.objects.get(recipient=people.officer_a).read_at is not None
    shot(phone, "inbox-03-report")

    phone.go_back()
    phone.reload()
    expect(phone.locator(".inbox-item--unread")).to_have_count(0)
    expect(phone.get_by_text("没有未读消息。")).to_be_visible()
    shot(phone, "inbox-04-read")
