"""An officer in a village with no signal writes a report, sends it, reloads, and it reaches the office once."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from campaigns.models import ActivityReport, ReportStatus
from tests.browser.conftest import staff_sign_in
from tests.browser.test_officer_journey import PASSWORD, field_site, fits_the_phone, shot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


WORKER_STATE = """async () => (await navigator.serviceWorker.getRegistrations()).map(r => ({
    scope: r.scope,
    installing: r.installing && r.installing.state,
    waiting: r.waiting && r.waiting.state,
    active: r.active && r.active.state,
}))"""


def wait_for_the_worker(phone, failures):
    """Wait for the service worker to control the page; if it never does, say what the browser saw."""
    # Installing fetches the form, its styles and scripts; on a busy machine (the other xdist worker) that can take
    # longer than the default 10 s.
    try:
        phone.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=45_000)
    except PlaywrightTimeoutError:
        pytest.fail(f"the worker never took control: {phone.evaluate(WORKER_STATE)}; failed requests: {failures}")


def open_the_form_with_its_worker(live_server, phone):
    """The officer signs in from the sign-in page and opens a new report, its service worker in control."""
    failures = []
    phone.on("requestfailed", lambda request: failures.append((request.url, request.failure)))
    phone.on("response", lambda response: response.status >= 500 and failures.append((response.url, response.status)))
    staff_sign_in(phone, live_server.url, "officer_a", PASSWORD)
    expect(phone.get_by_role("heading", name="活动报表")).to_be_visible()

    phone.get_by_role("link", name="填报新活动").click()
    expect(phone.get_by_role("heading", name="填报活动")).to_be_visible()
    # The report pages install as a web app: the worker is in control before the signal goes.
    wait_for_the_worker(phone, failures)


def test_a_report_written_with_no_signal_is_kept_queued_and_stored_once(live_server, phone, field_site):  # noqa: F811
    context = phone.context
    open_the_form_with_its_worker(live_server, phone)
    assert phone.evaluate("() => navigator.serviceWorker.ready.then(r => r.scope)").endswith("/reports/")
    manifest = phone.evaluate("() => fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())")
    assert manifest["name"] == "禁毒宣传填报"

    context.set_offline(True)
    expect(phone.get_by_text("没有网络。可以继续填写")).to_be_visible()
    phone.get_by_label("活动类型").select_option(label="禁毒宣讲")
    phone.get_by_label("开展场次").fill("2")
    phone.get_by_label("受众人数").fill("180")
    phone.get_by_label("入户数").fill("24")
    phone.get_by_label("宣传册（册）").fill("60")
    phone.get_by_role("button", name="提交禁毒办审核").click()
    queue = phone.locator("[data-offline-queue]")
    expect(queue.get_by_text("待上传")).to_be_visible()
    expect(phone.get_by_text("网络恢复后会自动发送")).to_be_visible()
    fits_the_phone(phone)
    shot(phone, "offline-01-queued")
    assert ActivityReport.objects.count() == 0

    # Reloaded with no signal: the worker serves the form, and the report is offered again.
    phone.reload()
    expect(phone.get_by_role("heading", name="填报活动")).to_be_visible()
    expect(queue.get_by_text("待上传")).to_be_visible()
    expect(phone.get_by_text("这台手机上保存着一份你未发送的报表")).to_be_visible()
    phone.get_by_role("button", name="恢复这份报表").click()
    expect(phone.get_by_label("受众人数")).to_have_value("180")
    expect(phone.get_by_label("宣传册（册）")).to_have_value("60")
    fits_the_phone(phone)
    shot(phone, "offline-02-reloaded")
    # A second tap on send with no signal replaces the queued copy rather than adding one.
    phone.get_by_role("button", name="提交禁毒办审核").click()
    expect(queue.locator("li")).to_have_count(1)
    # The installed app starts at the list of reports; with no signal it opens on the blank form instead.
    phone.goto(live_server.url + "/reports/")
    expect(phone.get_by_role("heading", name="填报活动")).to_be_visible()
    expect(queue.get_by_text("待上传")).to_be_visible()

    context.set_offline(False)
    expect(queue.get_by_text("已上传")).to_be_visible()
    expect(queue.get_by_text("待上传")).to_have_count(0)
    expect(phone.get_by_text("这台手机上保存着一份你未发送的报表")).to_have_count(0)
    expect(phone.get_by_label("受众人数")).to_have_value("0")
    shot(phone, "offline-03-sent")
    report = ActivityReport.objects.get()
    expect(queue.get_by_role("link", name="查看")).to_have_attribute("href", f"/reports/{report.pk}/")
    assert (report.status, report.sessions, report.people_reached, report.households_visited) == (
        ReportStatus.SUBMITTED,
        2,
        180,
        24,
    )
    assert report.revisions.count() == 1

    # Back online: the list shows the report, and a reload sends nothing twice.
    phone.reload()
    expect(phone.get_by_role("heading", name="活动报表")).to_be_visible()
    expect(phone.locator(".report-card")).to_have_count(1)
    phone.get_by_role("link", name="填报新活动").click()
    expect(phone.get_by_text("这台手机上保存着一份你未发送的报表")).to_have_count(0)
    assert ActivityReport.objects.count() == 1
