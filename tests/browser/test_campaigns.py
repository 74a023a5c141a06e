import datetime
import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from campaigns.factories import create_report
from campaigns.models import ActivityReport, ReportStatus
from tests.browser.conftest import staff_sign_in
from tests.campaigns.conftest import make_people, make_regions
from tests.conftest import make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def field_site():
    from campaigns.factories import ActivityTypeFactory
    from jindu.factories import MaterialKindFactory

    make_site_tree()
    regions = make_regions()
    people = make_people(regions)
    for user in (people.officer_a, people.office):
        user.set_password("correct-horse-battery")
        user.save()
    kinds = {
        "talk": ActivityTypeFactory(name="禁毒宣讲", unit="场"),
        "brochure": MaterialKindFactory(name="宣传册", unit="册"),
    }
    return regions, people, kinds


def test_officer_logs_a_report_with_a_photo_on_a_phone(live_server, phone, field_site, tmp_path):
    regions, people, kinds = field_site
    picture = tmp_path / "activity.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buffer, "JPEG")
    picture.write_bytes(buffer.getvalue())

    phone.goto(live_server.url + "/reports/new/")  # a bookmarked form asks for the sign-in first
    staff_sign_in(phone, None, "officer_a")
    expect(phone.get_by_role("heading", name="填报活动")).to_be_visible()
    phone.get_by_label("活动类型").select_option(label="禁毒宣讲")
    phone.get_by_label("场次").fill("2")
    phone.get_by_label("受众人数").fill("260")
    phone.get_by_label("宣传册（册）").fill("120")
    phone.get_by_label("添加照片").set_input_files(str(picture))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the form must not scroll sideways"
    phone.get_by_role("button", name="提交禁毒办审核").click()

    expect(phone.get_by_text("报表已提交禁毒办审核。")).to_be_visible()
    expect(phone.get_by_text("待审核").first).to_be_visible()
    expect(phone.get_by_role("img", name="活动照片")).to_be_visible()
    report = ActivityReport.objects.get()
    assert (report.sessions, report.people_reached, report.region) == (2, 260, regions.town_a)
    assert report.status == ReportStatus.SUBMITTED
    assert report.photos.count() == 1


def test_office_filters_the_dashboard_and_downloads_the_workbook(live_server, chromium_browser, field_site):
    regions, people, kinds = field_site
    year = datetime.date.today().year - 1
    create_report(
        regions.town_a, datetime.date(year, 3, 5), sessions=3, people_reached=150, activity_type=kinds["talk"]
    )
    create_report(
        regions.town_b, datetime.date(year, 4, 5), sessions=5, people_reached=400, activity_type=kinds["talk"]
    )
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(live_server.url + "/admin/login/?next=/admin/campaigns/dashboard/")
    page.locator("#id_username").fill("office")
    page.locator("#id_password").fill("correct-horse-battery")
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/campaigns/dashboard/**")
    page.locator("#id_year").fill(str(year))
    page.locator("#id_region").select_option(label=regions.town_b.indented_name)
    page.get_by_role("button", name="查看").click()

    expect(page.locator('[data-metric="sessions"]')).to_have_text("5")
    expect(page.locator('[data-metric="people"]')).to_have_text("400")
    expect(page.locator("#monthly-table")).to_contain_text("4月")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    from openpyxl import load_workbook

    with open(download.path(), "rb") as file:
        summary = load_workbook(file).worksheets[0]
    figures = {row[0]: row[2] for row in summary.iter_rows(values_only=True) if row and row[0] in ("场次", "受众人数")}
    assert figures == {"场次": 5, "受众人数": 400}
    context.close()
