"""The town officer's day on a phone: sign in, log a report with a photo, fix what the office sent back."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Site

from campaigns.factories import ActivityTypeFactory
from campaigns.models import ActivityReport, PendingPhoto, ReportStatus
from events.factories import EventIndexPageFactory, EventPageFactory, ShowingFactory
from jindu.factories import MaterialKindFactory
from tests.browser.conftest import shot, staff_sign_in
from tests.campaigns.conftest import make_people, make_regions
from tests.conftest import make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page must not scroll sideways"


@pytest.fixture
def field_site():
    make_site_tree()
    regions = make_regions()
    people = make_people(regions)
    people.officer_a.set_password(PASSWORD)
    people.officer_a.save()
    ActivityTypeFactory(name="禁毒宣讲", unit="场")
    MaterialKindFactory(name="宣传册", unit="册")
    return regions, people


def send_back(report, office, reason):
    """The office's step, through the review task as its own page does it."""
    task_state = report.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, office, "reject", comment=reason)


def test_officer_logs_fixes_and_resends_a_report_on_a_phone(live_server, phone, field_site, big_photo):
    regions, people = field_site
    uploads = []
    phone.on("request", lambda request: uploads.append(request) if request.url.endswith("/reports/photos/") else None)

    # Sign in where load_demo says: the one sign-in page, staff form.
    staff_sign_in(phone, live_server.url, "officer_a", PASSWORD)
    expect(phone.get_by_role("heading", name="活动报表")).to_be_visible()
    shot(phone, "01-reports")

    phone.get_by_role("link", name="填报新活动").click()
    expect(phone.get_by_role("heading", name="填报活动")).to_be_visible()
    expect(phone.get_by_label("活动类型")).to_contain_text("请选择活动类型")
    phone.get_by_label("活动类型").select_option(label="禁毒宣讲")
    phone.get_by_label("开展场次").fill("1")
    phone.get_by_label("受众人数").fill("2600")  # more than one session can hold: the form says so
    phone.get_by_label("入户数").fill("35")
    phone.get_by_label("宣传册（册）").fill("120")
    phone.get_by_label("添加照片").set_input_files(str(big_photo))
    fits_the_phone(phone)
    shot(phone, "02-new-report")
    phone.get_by_role("button", name="提交禁毒办审核").click()

    expect(phone.get_by_text("每场超过 1000 人")).to_be_visible()
    expect(phone.get_by_text("您选择的 1 张照片已保留")).to_be_visible()
    expect(phone.get_by_role("img", name="待保存的照片")).to_be_visible()
    expect(phone.get_by_label("入户数")).to_have_value("35")
    assert len(uploads) == 1, "the photo went ahead of the form, once"
    kept = PendingPhoto.objects.get().image
    assert max(kept.width, kept.height) == 1600, "the phone made the photo smaller before sending it"
    fits_the_phone(phone)
    shot(phone, "03-error-keeps-photo")

    phone.get_by_label("受众人数").fill("260")
    phone.get_by_role("button", name="保存草稿").dblclick()
    expect(phone.get_by_text("草稿已保存")).to_be_visible()
    expect(phone.get_by_role("img", name="活动照片")).to_be_visible()
    report = ActivityReport.objects.get()
    assert (report.status, report.people_reached, report.households_visited) == (ReportStatus.DRAFT, 260, 35)
    assert report.photos.count() == 1
    shot(phone, "04-draft")

    phone.get_by_role("button", name="提交禁毒办审核").click()
    expect(phone.get_by_text("待审核").first).to_be_visible()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    send_back(report, people.office, "入户数与照片不符，请核实后重新提交。")

    phone.get_by_role("link", name="返回我的报表").click()
    first = phone.locator(".report-card").first
    expect(first).to_contain_text("入户数与照片不符")
    expect(first).to_contain_text("已退回")
    expect(first).to_contain_text("入户 35 户")
    fits_the_phone(phone)
    shot(phone, "05-sent-back-on-top")

    first.get_by_role("link", name="修改后重新提交").click()
    expect(phone.get_by_text("入户数与照片不符")).to_be_visible()
    phone.get_by_label("入户数").fill("30")
    phone.get_by_role("button", name="提交禁毒办审核").click()

    expect(phone.get_by_text("报表已提交禁毒办审核。")).to_be_visible()
    expect(phone.get_by_text("待审核").first).to_be_visible()
    shot(phone, "06-resubmitted")
    report = ActivityReport.objects.get()
    assert (report.status, report.households_visited) == (ReportStatus.SUBMITTED, 30)
    assert report.photos.count() == 1


def test_a_showing_held_without_a_report_is_one_tap_from_its_report(live_server, phone, field_site):
    regions, _people = field_site
    home = Site.objects.get().root_page
    index = EventIndexPageFactory(parent=home, slug="shows", title="禁毒演出")
    event = EventPageFactory(parent=index, title="禁毒快板进村", slug="kuaiban")
    ShowingFactory(
        event=event, region=regions.village_a, start=timezone.now() - datetime.timedelta(hours=30), venue="竹山村戏台"
    )
    staff_sign_in(phone, live_server.url, "officer_a", PASSWORD)

    phone.get_by_role("link", name="计划与开展").click()

    expect(phone.get_by_role("heading", name="计划与开展")).to_be_visible()
    item = phone.locator(".plan-item").first
    expect(item).to_contain_text("禁毒快板进村")
    expect(item).to_contain_text("已开展，未填报")
    fits_the_phone(phone)
    shot(phone, "07-planned")
    item.get_by_role("link", name="为此场次填报").click()

    expect(phone.get_by_role("heading", name="填报活动")).to_be_visible()
    expect(phone.get_by_label("关联演出场次")).to_contain_text("竹山村戏台")
    expect(phone.get_by_label("乡镇或村")).to_have_value(str(regions.village_a.pk))
    shot(phone, "08-report-for-showing")
