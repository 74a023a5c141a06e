"""An editor on a phone opens a contest's participation report from the admin menu and takes it away as CSV."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import shot, staff_sign_in
from tests.conftest import make_site_tree
from tests.education.fixtures import build_contest, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROWS = [
    ["临桂一中 七年级1班", "2", "2", "100.0%", "100.0%", "100.0%", "100.0%", "100.0"],
    ["五通二中 八年级1班", "4", "3", "75.0%", "66.7%", "33.3%", "0.0%", "63.3"],
]


@pytest.fixture
def contest_world():
    get_user_model().objects.create_superuser("tongji.editor", "editor@example.com", "correct-horse-battery")
    world = build_world(make_site_tree()[0])
    build_contest(world)
    return world


def test_editor_opens_the_participation_report_from_the_menu_and_downloads_it(live_server, phone, contest_world):
    staff_sign_in(phone, live_server.url, "tongji.editor")

    phone.get_by_role("button", name="切换侧边栏").first.click()
    phone.get_by_role("link", name="答题统计").click()
    expect(phone.get_by_role("heading", name="答题统计")).to_be_visible()
    shot(phone, "1-index", "statistics")
    phone.get_by_role("link", name=contest_world.contest.title).click()

    phone.get_by_role("link", name="以报表打开，可下载 Excel 或 CSV").click()
    table = phone.locator("table.listing")
    expect(table).to_contain_text("五通二中 八年级1班")
    shown = table.evaluate(
        "table => [...table.tBodies[0].rows].map(row => [...row.cells].map(c => c.innerText.trim()))"
    )
    assert shown == ROWS
    shot(phone, "2-participation", "statistics")

    phone.get_by_role("button", name="动作").click()
    with phone.expect_download() as download:
        phone.get_by_role("link", name="下载CSV").click()
    assert download.value.suggested_filename.startswith(f"contest-{contest_world.contest.pk}-participation-")
    text = download.value.path().read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1:] == ROWS
