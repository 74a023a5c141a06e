"""An officer's photos survive a dropped signal with their report, and a post the server never answers is queued."""

import pytest
from playwright.sync_api import expect

from campaigns.models import ActivityReport, PendingPhoto, ReportStatus
from tests.browser.conftest import new_phone, staff_sign_in
from tests.browser.test_officer_journey import PASSWORD, field_site, fits_the_phone, shot  # noqa: F401
from tests.browser.test_offline_reports import wait_for_the_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# How long offline_reports.js waits before trying a queued report again while the phone believes it is online
# (its RETRY_MS). The tests that wait for that retry run the page on Playwright's clock and jump it forward by this
# much, the way a phone left in a pocket for ten seconds would find it; everything else on the page runs in real time.
RETRY_MS = 10_000

PHOTOS_ON_THE_PHONE = """() => new Promise((resolve) => {
    const opening = indexedDB.open("jindu-reports");
    opening.onsuccess = () => {
        const database = opening.result;
        if (!database.objectStoreNames.contains("photos")) { database.close(); resolve(0); return; }
        const counting = database.transaction("photos").objectStore("photos").count();
        counting.onsuccess = () => { database.close(); resolve(counting.result); };
    };
})"""


def open_a_new_report(phone, live_server):
    staff_sign_in(phone, live_server.url, "officer_a", PASSWORD)
    expect(phone.get_by_role("heading", name="活动报表")).to_be_visible()
    phone.get_by_role("link", name="填报新活动").click()
    expect(phone.get_by_role("heading", name="填报活动")).to_be_visible()


def fill_the_report(phone, people_reached):
    phone.get_by_label("活动类型").select_option(label="禁毒宣讲")
    phone.get_by_label("开展场次").fill("1")
    phone.get_by_label("受众人数").fill(people_reached)
    phone.get_by_label("入户数").fill("12")


def test_a_photo_chosen_with_no_signal_travels_with_its_report_once(live_server, phone, field_site, big_photo):  # noqa: F811
    failures = []
    phone.on("requestfailed", lambda request: failures.append((request.url, request.failure)))
    open_a_new_report(phone, live_server)
    wait_for_the_worker(phone, failures)

    phone.context.set_offline(True)
    expect(phone.get_by_text("没有网络。可以继续填写")).to_be_visible()
    fill_the_report(phone, "150")
    phone.get_by_label("添加照片").set_input_files(str(big_photo))
    phone.get_by_role("button", name="提交禁毒办审核").click()
    queue = phone.locator("[data-offline-queue]")
    expect(queue.get_by_text("待上传")).to_be_visible()
    expect(queue).to_contain_text("1 张照片")
    expect(queue.get_by_role("img", name="待上传的照片")).to_have_count(1)
    expect(phone.get_by_text("照片需要联网")).to_have_count(0)
    assert phone.evaluate(PHOTOS_ON_THE_PHONE) == 1
    fits_the_phone(phone)
    shot(phone, "offline-photo-01-queued")

    # Reloaded with no signal: the report and its photo are still on the phone.
    phone.reload()
    expect(phone.get_by_role("heading", name="填报活动")).to_be_visible()
    expect(queue.get_by_text("待上传")).to_be_visible()
    expect(queue).to_contain_text("1 张照片")
    expect(queue.get_by_role("img", name="待上传的照片")).to_be_visible()
    assert phone.evaluate(PHOTOS_ON_THE_PHONE) == 1
    fits_the_phone(phone)
    shot(phone, "offline-photo-02-reloaded")
    assert ActivityReport.objects.count() == 0 and PendingPhoto.objects.count() == 0

    phone.context.set_offline(False)
    expect(queue.get_by_text("已上传")).to_be_visible(timeout=30_000)
    expect(queue.get_by_text("待上传")).to_have_count(0)
    shot(phone, "offline-photo-03-sent")
    report = ActivityReport.objects.get()
    assert (report.status, report.people_reached) == (ReportStatus.SUBMITTED, 150)
    assert report.photos.count() == 1
    kept = report.photos.get().image
    assert max(kept.width, kept.height) == 1600, "the phone made the photo smaller before keeping it"
    assert PendingPhoto.objects.count() == 0
    assert phone.evaluate(PHOTOS_ON_THE_PHONE) == 0

    # A reload sends nothing twice.
    phone.reload()
    expect(phone.get_by_role("heading", name="填报活动")).to_be_visible()
    phone.goto(live_server.url + "/reports/")
    expect(phone.locator(".report-card")).to_have_count(1)
    assert ActivityReport.objects.count() == 1 and report.photos.count() == 1


@pytest.fixture
def phone_without_worker(chromium_browser):
    """A phone whose report pages run without their service worker: Playwright routes no request that passes one."""
    page = new_phone(chromium_browser, service_workers="block")
    yield page
    page.context.close()


def test_a_post_the_server_never_answers_is_queued_retried_and_stored_once(
    live_server,
    phone_without_worker,
    field_site,  # noqa: F811
    big_photo,
):
    phone = phone_without_worker
    phone.clock.install()
    open_a_new_report(phone, live_server)
    fill_the_report(phone, "90")
    phone.get_by_label("添加照片").set_input_files(str(big_photo))

    # The report reaches the server, which stores it, but its answer never comes back (nginx gave up, the signal
    # dropped on the way back): the browser believes it is online all along.
    lost = []

    def lose_the_answer(route):
        if route.request.method != "POST":
            route.continue_()
            return
        route.fetch()
        lost.append(route.request.url)
        route.abort("connectionfailed")

    phone.route("**/reports/new/", lose_the_answer)
    phone.get_by_role("button", name="提交禁毒办审核").click()
    queue = phone.locator("[data-offline-queue]")
    expect(queue.get_by_text("待上传")).to_be_visible()
    expect(phone.get_by_text("暂时连不上服务器")).to_be_visible()
    expect(phone.get_by_role("heading", name="填报活动")).to_be_visible()  # not the browser's error page
    assert len(lost) == 1
    assert ActivityReport.objects.count() == 1, "the server stored it; only its answer was lost"
    fits_the_phone(phone)
    shot(phone, "unreachable-01-queued")

    # The next try goes through by itself, and the server recognises the report it already has.
    phone.unroute("**/reports/new/")
    phone.clock.fast_forward(RETRY_MS)
    expect(queue.get_by_text("已上传")).to_be_visible(timeout=30_000)
    expect(queue.get_by_text("待上传")).to_have_count(0)
    shot(phone, "unreachable-02-sent")
    report = ActivityReport.objects.get()
    assert (report.people_reached, report.photos.count(), report.revisions.count()) == (90, 1, 1)
    assert PendingPhoto.objects.count() == 0
    expect(queue.get_by_role("link", name="查看")).to_have_attribute("href", f"/reports/{report.pk}/")


def test_a_post_that_fails_before_reaching_the_server_is_queued_then_sent(
    live_server,
    phone_without_worker,
    field_site,  # noqa: F811
):
    phone = phone_without_worker
    phone.clock.install()
    open_a_new_report(phone, live_server)
    fill_the_report(phone, "75")
    phone.route(
        "**/reports/new/",
        lambda route: (
            route.fulfill(status=502, body="Bad Gateway") if route.request.method == "POST" else route.continue_()
        ),
    )
    phone.get_by_role("button", name="提交禁毒办审核").click()
    expect(phone.get_by_text("暂时连不上服务器")).to_be_visible()
    expect(phone.locator("[data-offline-queue]").get_by_text("待上传")).to_be_visible()
    assert ActivityReport.objects.count() == 0
    phone.unroute("**/reports/new/")
    phone.clock.fast_forward(RETRY_MS)
    expect(phone.locator("[data-offline-queue]").get_by_text("已上传")).to_be_visible(timeout=30_000)
    assert ActivityReport.objects.get().people_reached == 75


# A phone whose storage is full: IndexedDB refuses every write as browsers do, with a QuotaExceededError.
FULL_STORAGE = """IDBObjectStore.prototype.put = function () {
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};"""


def test_a_phone_with_no_room_for_the_photos_says_so_and_still_keeps_the_report(
    live_server,
    phone,
    field_site,  # noqa: F811
    big_photo,
):
    phone.add_init_script(FULL_STORAGE)
    failures = []
    phone.on("requestfailed", lambda request: failures.append((request.url, request.failure)))
    open_a_new_report(phone, live_server)
    wait_for_the_worker(phone, failures)
    phone.context.set_offline(True)
    fill_the_report(phone, "40")
    phone.get_by_label("添加照片").set_input_files(str(big_photo))
    phone.get_by_role("button", name="提交禁毒办审核").click()
    expect(phone.get_by_text("手机存储空间不足，照片没能保存在这台手机上")).to_be_visible()
    queue = phone.locator("[data-offline-queue]")
    expect(queue.get_by_text("待上传")).to_be_visible()
    expect(queue).not_to_contain_text("张照片")
    expect(phone.get_by_label("添加照片")).to_have_value("")
    fits_the_phone(phone)
    shot(phone, "offline-photo-04-storage-full")

    phone.context.set_offline(False)
    expect(queue.get_by_text("已上传")).to_be_visible(timeout=30_000)
    report = ActivityReport.objects.get()
    assert (report.people_reached, report.photos.count()) == (40, 0)
