"""The education bureau reads its 通报表 on a phone, sorts it and takes the same table away as Excel."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from schools.factories import make_staff
from schools.models import StaffRole
from tests.browser.conftest import shot, staff_sign_in
from tests.conftest import make_site_tree
from tests.education.fixtures import build_contest, build_world
from tests.schools.test_official_rates import NOTICE_HEADER, NOTICE_ROWS, excel_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TABLE_TEXT = (
    """table => [...table.rows].map(row => [...row.cells].map(cell => cell.innerText.replace(/[ ▲▼]+$/, "").trim()))"""
)


@pytest.fixture
def bureau_world():
    home, _index = make_site_tree()
    world = build_world(home)
    build_contest(world)
    make_staff(StaffRole.BUREAU, region=world.district, username="linggui.bureau")
    return world


def test_bureau_on_a_phone_reads_the_notice_sorts_it_and_downloads_the_same_excel(live_server, phone, bureau_world):
    staff_sign_in(phone, live_server.url, "linggui.bureau")

    expect(phone.get_by_role("heading", name="临桂区禁毒知识竞赛通报表")).to_be_visible()
    expect(phone.get_by_label("竞赛")).to_have_value(str(bureau_world.contest.pk))
    table = phone.locator("table.rates-table")
    assert table.evaluate(TABLE_TEXT) == [NOTICE_HEADER, *NOTICE_ROWS]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the table scrolls in its box"
    shot(phone, "browser-notice", "rates")

    phone.get_by_role("link", name="及格率").click()
    expect(phone.locator("th[aria-sort=ascending]")).to_contain_text("及格率")
    phone.get_by_role("link", name="及格率").click()
    expect(phone.locator("th[aria-sort=descending]")).to_contain_text("及格率")
    expect(phone.get_by_role("link", name="及格率 ▼")).to_be_in_viewport()  # scrolled to the sorted column
    shown = table.evaluate(TABLE_TEXT)
    assert [row[0] for row in shown[1:]] == ["临桂镇", "临桂一中", "五通镇", "五通二中", "五通三中", "合计"]
    shot(phone, "browser-sorted", "rates")

    with phone.expect_download() as download:
        phone.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename == "临桂区禁毒知识竞赛通报表.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert "全区禁毒知识竞赛" in sheet["A1"].value
    assert [[excel_text(cell) for cell in row] for row in sheet.iter_rows(min_row=2)] == shown
