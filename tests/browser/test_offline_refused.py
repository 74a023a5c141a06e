"""An officer with no signal sends a report the office would refuse: the phone says which field at once when it
can know, and a report the server refuses later names its reason and goes back into the form to be corrected."""

import pytest
from playwright.sync_api import expect

from campaigns.models import ActivityReport, ReportStatus
from tests.browser.test_officer_journey import PASSWORD, field_site, fits_the_phone, shot  # noqa: F401
from tests.browser.test_offline_reports import open_the_form_with_its_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE = "() => JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(':queue')))) || []"


def open_the_form_and_lose_the_signal(live_server, phone):
    open_the_form_with_its_worker(live_server, phone)
    phone.context.set_offline(True)
    expect(phone.get_by_text("没有网络。可以继续填写")).to_be_visible()


def test_an_offline_report_sent_without_its_activity_type_is_stopped_on_the_phone(
    live_server,
    phone,
    field_site,  # noqa: F811
):
    open_the_form_and_lose_the_signal(live_server, phone)
    phone.get_by_label("开展场次").fill("3")
    phone.get_by_label("受众人数").fill("150")
    phone.get_by_role("button", name="提交禁毒办审核").click()

    activity_type = phone.get_by_label("活动类型")
    expect(phone.get_by_text("发送报表前请选择活动类型。")).to_be_visible()
    expect(activity_type).to_be_focused()
    expect(activity_type).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("[data-offline-queue] li")).to_have_count(0)
    assert phone.evaluate(QUEUE) == []
    fits_the_phone(phone)
    shot(phone, "refused-01-checked-on-the-phone")

    # A draft may leave the type empty: it is kept to send as before, and the error goes.
    phone.get_by_role("button", name="保存草稿").click()
    expect(phone.locator("[data-offline-queue]").get_by_text("待上传")).to_be_visible()
    expect(phone.get_by_text("发送报表前请选择活动类型。")).to_have_count(0)

    phone.context.set_offline(False)
    expect(phone.locator("[data-offline-queue]").get_by_text("已上传")).to_be_visible()
    report = ActivityReport.objects.get()
    assert (report.status, report.activity_type, report.sessions, report.people_reached) == (
        ReportStatus.DRAFT,
        None,
        3,
        150,
    )


def test_a_queued_report_the_office_refuses_names_the_field_and_goes_back_into_the_form(
    live_server,
    phone,
    field_site,  # noqa: F811
):
    open_the_form_and_lose_the_signal(live_server, phone)
    phone.get_by_label("活动类型").select_option(label="禁毒宣讲")
    # More people per session than the office allows without the tick: only the server knows its limit.
    for label, value in {"开展场次": "1", "受众人数": "5000", "宣传册（册）": "40"}.items():
        phone.get_by_label(label).fill(value)
    phone.get_by_role("button", name="提交禁毒办审核").click()
    queue = phone.locator("[data-offline-queue]")
    expect(queue.get_by_text("待上传")).to_be_visible()

    phone.context.set_offline(False)
    reason = "未能发送：受众人数：每场超过 1000 人。请核实数字；如确实如此，请勾选“确认大规模受众”。"
    expect(queue.get_by_text(reason)).to_be_visible()
    expect(queue.get_by_text("待修改")).to_be_visible()
    assert ActivityReport.objects.count() == 0
    fits_the_phone(phone)
    shot(phone, "refused-02-reason-named")

    # From the list of reports, the entry links to the form, where the report is restored.
    phone.get_by_role("link", name="返回我的报表").click()
    expect(phone.get_by_role("heading", name="活动报表")).to_be_visible()
    expect(queue.get_by_text(reason)).to_be_visible()
    queue.get_by_role("link", name="修改这份报表").click()
    expect(phone.get_by_role("heading", name="填报活动")).to_be_visible()
    correct = queue.get_by_role("button", name="修改这份报表")
    expect(correct).to_be_focused()
    expect(phone.get_by_label("受众人数")).to_have_value("0")
    correct.click()
    people = phone.get_by_label("受众人数")
    expect(people).to_have_value("5000")
    expect(people).to_be_focused()
    expect(phone.get_by_label("宣传册（册）")).to_have_value("40")
    assert phone.get_by_label("活动类型").evaluate("select => select.selectedOptions[0].text") == "禁毒宣讲"
    expect(phone.locator(".field-row--error").get_by_text("每场超过 1000 人")).to_be_visible()
    fits_the_phone(phone)
    shot(phone, "refused-03-restored")

    phone.get_by_label("确认大规模受众").check()
    phone.get_by_role("button", name="提交禁毒办审核").click()
    expect(phone.get_by_text("报表已提交禁毒办审核")).to_be_visible()
    report = ActivityReport.objects.get()
    assert (report.status, report.sessions, report.people_reached, report.large_audience_confirmed) == (
        ReportStatus.SUBMITTED,
        1,
        5000,
        True,
    )
    assert report.activity_type.name == "禁毒宣讲"
    assert phone.evaluate(QUEUE) == []
    shot(phone, "refused-04-sent")
