import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.events.conftest import Schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def schedule():
    return Schedule()


def test_phone_user_filters_by_dialect_and_town_opens_the_event_and_downloads_its_ics(live_server, phone, schedule):
    phone.goto(live_server.url + schedule.index.url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("禁毒演出")

    phone.get_by_text("查找演出：乡镇、方言、节目形式、类型、月份").click()
    phone.get_by_label("方言").select_option(label="哥隆话")
    phone.get_by_label("乡镇").select_option(label="昌化镇")
    phone.get_by_role("button", name="查看").click()

    expect(phone).to_have_url(
        f"{live_server.url}{schedule.index.url}?town=469031104&dialect={schedule.gelong.pk}&art_form=&kind=&month="
    )
    expect(phone.get_by_text("筛选条件：昌化镇 · 哥隆话")).to_be_visible()
    expect(phone.get_by_role("link", name="禁毒知识进校园")).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.get_by_role("link", name="哥隆歌唱响禁毒法治").first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("哥隆歌唱响禁毒法治")

    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="添加到日历").first.click()
    download = download_info.value
    assert download.suggested_filename == f"showing-{schedule.tour_next.pk}.ics"
    with open(download.path(), "rb") as handle:
        item = Calendar.from_ical(handle.read()).walk("VEVENT")[0]
    assert str(item["uid"]).startswith(f"showing-{schedule.tour_next.pk}@")
    assert "大风村篮球场" in str(item["location"])


def test_schedule_filters_and_month_view_work_without_javascript(live_server, chromium_browser, schedule):
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + schedule.index.url)
    page.get_by_text("查找演出：乡镇、方言、节目形式、类型、月份").click()
    page.get_by_label("活动类型").select_option(label="进校园讲座")
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("link", name="禁毒知识进校园")).to_be_visible()
    expect(page.get_by_role("link", name="哥隆歌唱响禁毒法治")).to_have_count(0)

    page.get_by_role("link", name="月历").click()
    expect(page).to_have_url(f"{live_server.url}{schedule.index.url}calendar/?kind=school-talk")
    expect(page.get_by_role("link", name="下个月")).to_be_visible()
    context.close()
