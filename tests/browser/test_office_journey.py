"""The office's month at a desk: sign in, pick the month, approve in bulk, check a report's history, print the 月通报."""

import datetime
import re
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from campaigns.factories import ActivityTypeFactory, create_report
from campaigns.models import ActivityReport, BulletinSettings, ReportStatus
from campaigns.workflow import submit
from tests.browser.conftest import SHOTS, shot, staff_sign_in
from tests.campaigns.conftest import make_people, make_regions
from tests.conftest import make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "correct-horse-battery"


@pytest.fixture
def office_month():
    make_site_tree()
    regions = make_regions()
    people = make_people(regions)
    people.office.set_password(PASSWORD)
    people.office.save()
    show = ActivityTypeFactory(name="文艺演出", unit="场")
    talk = ActivityTypeFactory(name="禁毒宣讲", unit="场")
    may = datetime.date(2024, 5, 1)
    create_report(regions.town_a, may.replace(day=3), activity_type=show, sessions=6, people_reached=1200)
    create_report(regions.town_b, may.replace(day=9), activity_type=talk, sessions=3, people_reached=360)
    create_report(regions.town_a, datetime.date(2023, 5, 9), activity_type=show, sessions=4, people_reached=900)
    waiting = []
    for day, region, user in ((20, regions.town_a, people.officer_a), (22, regions.town_b, people.officer_b)):
        report = create_report(
            region, may.replace(day=day), activity_type=talk, sessions=2, people_reached=150, approved=False, user=user
        )
        submit(report, user)
        waiting.append(report)
    settings = BulletinSettings.for_site(Site.objects.get(is_default_site=True))
    settings.header_title = "临桂区禁毒委员会办公室"
    settings.document_code = "临禁毒办"
    settings.save()
    return people, waiting


@pytest.fixture
def desk(chromium_browser):
    context = chromium_browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


shot = partial(shot, folder="office")


def test_office_reviews_the_month_and_prints_the_bulletin(live_server, desk, office_month):
    people, waiting = office_month
    page = desk

    # Sign in from the one sign-in page, as staff.
    staff_sign_in(page, live_server.url, "office", PASSWORD)
    expect(page.get_by_role("heading", name="宣传数据看板")).to_be_visible()
    # It opens on the latest year with reports, not on an empty current year.
    expect(page.get_by_role("heading", name=re.compile("临桂区 · 2024年"))).to_be_visible()
    expect(page.get_by_label("起")).to_be_hidden()
    shot(page, "1-dashboard")

    # Filter to May: the picker shows the month and hides the range.
    page.get_by_label("时段").select_option(label="月份")
    expect(page.get_by_label("月份", exact=True)).to_be_visible()
    expect(page.get_by_label("季度")).to_be_hidden()
    page.get_by_label("月份", exact=True).select_option(label="五月")
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("heading", name=re.compile("临桂区 · 2024年5月"))).to_be_visible()
    expect(page.locator(".headline__value[data-metric=people]")).to_have_text("1,560")
    shot(page, "2-dashboard-may")

    # Approve the two reports waiting for the office, in one go.
    page.get_by_role("link", name="待审核报表：2 份").click()
    page.get_by_role("checkbox", name="全选").check()
    page.get_by_role("link", name="审核通过").click()
    expect(page.get_by_text("2 份待审核报表")).to_be_visible()
    shot(page, "3-bulk-approve-confirm")
    page.get_by_role("button", name="确认通过").click()
    expect(page.get_by_text("已审核通过 2 份报表")).to_be_visible()
    shot(page, "4-bulk-approved")
    for report in waiting:
        report.refresh_from_db()
        assert report.status == ReportStatus.APPROVED

    # Back on the dashboard the month counts them; open the reports behind the figures and one history.
    page.get_by_role("link", name="宣传数据看板").first.click()
    page.get_by_label("时段").select_option(label="月份")
    page.get_by_label("月份", exact=True).select_option(label="五月")
    page.get_by_role("button", name="查看").click()
    expect(page.locator(".headline__value[data-metric=people]")).to_have_text("1,860")
    page.get_by_role("link", name="数据明细报表").click()
    expect(page.locator("#reports-table")).to_contain_text("禁毒宣讲")
    page.locator("#reports-table").get_by_role("link", name="历史记录").first.click()
    expect(page.get_by_role("cell", name=re.compile("“禁毒办审核”已批准"))).to_be_visible()
    assert "/history/" in page.url
    shot(page, "5-history")

    # The monthly bulletin: red header, the month in the title, a print button, at most two A4 pages.
    page.go_back()
    page.get_by_role("link", name="返回看板").click()
    page.get_by_role("link", name="月通报（2024年5月）").click()
    expect(page.get_by_role("heading", name="临桂区禁毒宣传工作通报（2024年5月）")).to_be_visible()
    expect(page.get_by_text("临禁毒办〔2024〕5号")).to_be_visible()
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    shot(page, "6-bulletin")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="打印")).to_be_hidden()
    shot(page, "7-bulletin-print")
    pdf = page.pdf(prefer_css_page_size=True)
    if SHOTS:
        (Path(SHOTS) / "office" / "bulletin.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, pages
    assert ActivityReport.objects.filter(status=ReportStatus.SUBMITTED).count() == 0
