"""The office asks for a big export: the page answers at once, the bar fills as the worker writes, the file comes."""

import datetime
import io
import re
from functools import partial
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from campaigns.factories import ActivityTypeFactory, create_report
from jindu.models import Job
from tests.browser.conftest import shot, staff_sign_in
from tests.campaigns.conftest import make_people, make_regions
from tests.conftest import make_site_tree
from tests.jindu.jobs_support import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
# A job's page asks for its status every two seconds (site/static/js/jobs.js). The page runs on Playwright's clock, and
# once the worker is done the test moves it on by one such wait: the page's own next poll sees the job finished.
POLL_MS = 2_000


shot = partial(shot, folder="jobs")


@pytest.fixture
def office_with_reports(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JINDU_PRIVATE_ROOT = tmp_path / "private"
    settings.JINDU_JOB_EXPORT_ROWS = 3
    make_site_tree()
    regions = make_regions()
    people = make_people(regions)
    people.office.set_password(PASSWORD)
    people.office.save()
    talk = ActivityTypeFactory(name="禁毒宣讲", unit="场")
    for day in range(1, 7):
        create_report(regions.town_a, datetime.date(2024, 5, day), activity_type=talk, sessions=1, people_reached=50)
    return people


def test_office_starts_a_big_export_watches_it_and_downloads_the_file(live_server, phone, office_with_reports):
    page = phone
    page.clock.install()
    staff_sign_in(page, live_server.url, "office", PASSWORD)
    expect(page.get_by_role("heading", name="宣传数据看板")).to_be_visible()

    page.get_by_role("link", name="下载 Excel").click()

    # The request answers at once with the job's page: waiting, an empty bar, the rows to come.
    job = Job.objects.get()
    expect(page).to_have_url(f"{live_server.url}/jobs/{job.pk}/")
    expect(page.get_by_role("heading", name=re.compile("活动报表导出：.*临桂区"))).to_be_visible()
    expect(page.get_by_text("排队中")).to_be_visible()
    bar = page.locator("progress[data-job-bar]")
    expect(bar).to_have_attribute("value", "0")
    expect(page.get_by_text("已处理 0 / 6 行")).to_be_visible()
    shot(page, "1-waiting")

    run_worker()
    page.clock.fast_forward(POLL_MS)

    # The page follows by itself: the bar fills and the file is offered.
    expect(page.get_by_text("已完成")).to_be_visible()
    expect(bar).to_have_attribute("value", "100")
    download_link = page.get_by_role("link", name="下载文件")
    expect(download_link).to_be_visible()
    shot(page, "2-done")
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert len(list(workbook.worksheets[1].iter_rows())) == 7

    # My jobs lists it.
    page.get_by_role("link", name="我的任务").click()
    expect(page.get_by_role("link", name=re.compile("活动报表导出：.*临桂区"))).to_be_visible()
    shot(page, "3-my-jobs")


def test_office_downloads_the_monthly_bulletin_as_a_workbook(live_server, phone, office_with_reports):
    page = phone
    page.clock.install()
    staff_sign_in(page, live_server.url, "office", PASSWORD)
    expect(page.get_by_role("heading", name="宣传数据看板")).to_be_visible()

    page.get_by_role("link", name=re.compile("月通报")).click()
    expect(page.get_by_role("heading", name=re.compile("禁毒宣传工作通报"))).to_be_visible()
    page.get_by_role("link", name="下载 Excel").click()

    job = Job.objects.get()
    assert job.kind == "bulletin_export"
    expect(page).to_have_url(f"{live_server.url}/jobs/{job.pk}/")
    expect(page.get_by_role("heading", name=re.compile("月通报 Excel"))).to_be_visible()
    shot(page, "4-bulletin-waiting")

    run_worker()
    page.clock.fast_forward(POLL_MS)

    download_link = page.get_by_role("link", name="下载文件")
    expect(download_link).to_be_visible()
    shot(page, "5-bulletin-done")
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    texts = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "场次（场）" in texts and 6 in texts
