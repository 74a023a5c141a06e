"""The officer's report form, list and the planned-against-held page."""

import datetime
import io
import re
import uuid
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from campaigns.factories import create_report
from campaigns.models import ActivityReport, PendingPhoto, ReportStatus
from campaigns.periods import Period
from campaigns.planned import Outcome, planned_vs_held
from campaigns.workflow import submit
from events.factories import EventIndexPageFactory, EventPageFactory, ShowingFactory, local
from events.models import ShowingStatus
from tests.campaigns.conftest import shared_base_fixtures
from tests.conftest import make_site_tree
from tests.module_rows import fresh, rolled_back

regions, kinds, people = shared_base_fixtures()

# One worker builds the shared rows once.
pytestmark = pytest.mark.xdist_group("campaigns_officer_day")


D = datetime.date(2024, 5, 20)


def photo_file(name="photo.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def draft_data(regions, **changes):
    data = {"date": "2024-05-20", "region": regions.town_a.pk, "form_key": str(uuid.uuid4()), "save": "1"}
    data.update(changes)
    return data


def full_data(regions, kinds, **changes):
    data = draft_data(regions, activity_type=kinds.talk.pk, sessions=2, people_reached=300, households_visited=40)
    data.pop("save")
    data["submit"] = "1"
    data.update(changes)
    return data


class Ids(HTMLParser):
    """Every id in a page, and every id an aria-describedby names."""

    def __init__(self, html):
        super().__init__()
        self.ids, self.described_by = set(), []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described_by.extend(attrs["aria-describedby"].split())


@pytest.fixture
def officer(client, people):
    client.force_login(people.officer_a)
    return client


def make_schedule():
    """A published event with showings in 竹山村 (五通镇) and 两江镇."""
    home, _articles = make_site_tree()
    index = EventIndexPageFactory(parent=home, slug="shows", title="禁毒演出")
    event = EventPageFactory(parent=index, title="禁毒快板进村", slug="kuaiban")
    return event


@pytest.fixture
def schedule(regions):
    return make_schedule()


def test_a_draft_needs_only_date_and_place(officer, regions, kinds):
    response = officer.post(reverse("campaigns:report_create"), draft_data(regions))

    report = ActivityReport.objects.get()
    assert response.status_code == 302
    assert report.status == ReportStatus.DRAFT
    assert report.activity_type is None
    assert (report.date, report.region) == (D, regions.town_a)
    assert "（尚未选择活动类型）" in officer.get(reverse("campaigns:report_list")).content.decode()


def test_sending_needs_the_activity_type_and_keeps_the_input(officer, regions, kinds):
    response = officer.post(
        reverse("campaigns:report_create"), {**draft_data(regions, people_reached=77), "submit": "1"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "发送报表前请选择活动类型" in page
    assert 'value="77"' in page
    assert ActivityReport.objects.count() == 0


def test_the_send_button_of_a_draft_without_a_type_leads_back_to_the_form(officer, regions, kinds):
    officer.post(reverse("campaigns:report_create"), draft_data(regions))
    report = ActivityReport.objects.get()

    response = officer.post(reverse("campaigns:report_submit", args=[report.pk]), follow=True)

    assert "发送报表前请选择活动类型" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_photo_chosen_before_a_validation_error_is_kept(officer, regions, kinds):
    data = full_data(regions, kinds, sessions=-1)

    response = officer.post(reverse("campaigns:report_create"), {**data, "photos": photo_file()})

    page = response.content.decode()
    assert response.status_code == 200
    assert "您选择的 1 张照片已保留" in page
    pending = PendingPhoto.objects.get()
    assert pending.image.url in page

    response = officer.post(reverse("campaigns:report_create"), {**data, "sessions": 2})

    report = ActivityReport.objects.get()
    assert response.status_code == 302
    assert report.photos.count() == 1
    assert report.status == ReportStatus.SUBMITTED
    assert PendingPhoto.objects.count() == 0


def test_a_kept_photo_can_be_removed_before_saving(officer, regions, kinds):
    data = full_data(regions, kinds, sessions=-1)
    officer.post(reverse("campaigns:report_create"), {**data, "photos": photo_file()})
    pending = PendingPhoto.objects.get()

    officer.post(reverse("campaigns:report_create"), {**data, "sessions": 2, "discard_pending": [pending.pk]})

    assert ActivityReport.objects.get().photos.count() == 0


def test_photos_sent_ahead_by_the_phone_join_the_report_of_their_form(officer, regions, kinds, people, client):
    data = full_data(regions, kinds)

    response = officer.post(
        reverse("campaigns:photo_upload"), {"form_key": data["form_key"], "photo": photo_file("a.jpg")}
    )
    assert response.status_code == 201
    assert response.json()["url"].endswith(".jpg")
    not_a_photo = io.BytesIO(b"not an image")
    not_a_photo.name = "x.jpg"
    refused = officer.post(reverse("campaigns:photo_upload"), {"form_key": data["form_key"], "photo": not_a_photo})
    assert refused.status_code == 400
    assert "图片" in refused.json()["errors"][0]

    officer.post(reverse("campaigns:report_create"), data)

    assert ActivityReport.objects.get().photos.count() == 1


def test_another_persons_pending_photos_never_join_a_report(client, regions, kinds, people):
    key = str(uuid.uuid4())
    client.force_login(people.officer_b)
    client.post(reverse("campaigns:photo_upload"), {"form_key": key, "photo": photo_file()})
    client.force_login(people.officer_a)

    client.post(reverse("campaigns:report_create"), full_data(regions, kinds, form_key=key))

    assert ActivityReport.objects.get().photos.count() == 0


def test_a_double_tap_on_send_stores_one_report(officer, regions, kinds):
    data = full_data(regions, kinds)

    first = officer.post(reverse("campaigns:report_create"), data)
    second = officer.post(reverse("campaigns:report_create"), data)

    report = ActivityReport.objects.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == reverse("campaigns:report_detail", args=[report.pk])
    assert report.revisions.count() == 1
    assert "没有重复保存" in officer.get(second.url).content.decode()


def test_labels_say_what_they_mean_and_no_dashes(officer, regions, kinds, schedule):
    ShowingFactory(event=schedule, region=regions.village_a, start=timezone.now() - datetime.timedelta(days=2))

    page = officer.get(reverse("campaigns:report_create")).content.decode()

    assert ">关联演出场次<" in page, re.findall(r"<label[^>]*>[^<]*<", page)
    assert ">开展场次<" in page
    assert ">场次<" not in page
    assert "---------" not in page
    assert "请选择活动类型" in page
    assert "不是排期中的演出" in page


@pytest.mark.parametrize("data", [None, {"sessions": -1, "photos": ""}])
def test_every_aria_describedby_points_at_an_element(officer, regions, kinds, data):
    url = reverse("campaigns:report_create")
    response = officer.get(url) if data is None else officer.post(url, full_data(regions, kinds, **data))

    ids = Ids(response.content.decode())

    assert ids.described_by, "the form's help texts are announced"
    assert "id_sessions_error" in ids.described_by or data is None
    assert set(ids.described_by) <= ids.ids


def sent_back(report, office, reason):
    submit(report, report.reporter)
    report.refresh_from_db()
    task_state = report.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, office, "reject", comment=reason)
    report.refresh_from_db()
    return report


def test_list_shows_grouped_figures_households_and_sent_back_reports_first_with_their_reason(
    officer, regions, kinds, people
):
    old = create_report(
        regions.town_a, D - datetime.timedelta(days=30), approved=False, user=people.officer_a, households_visited=12
    )
    sent_back(old, people.office, "受众人数与照片不符，请核实。")
    create_report(regions.town_a, D, households_visited=345, people_reached=2400, sessions=3)

    page = officer.get(reverse("campaigns:report_list")).content.decode()

    assert page.index("受众人数与照片不符") < page.index("入户 345 户")
    assert "2,400 人" in page  # grouped by thousands, as the office's figures are
    assert "入户 12 户" in page
    assert "修改后重新提交" in page


def test_a_report_page_shows_its_showing(officer, regions, kinds, schedule, people):
    showing = ShowingFactory(event=schedule, region=regions.village_a, start=local(2024, 5, 19), venue="竹山村戏台")
    report = create_report(regions.village_a, D, showing=showing, user=people.officer_a)

    page = officer.get(reverse("campaigns:report_detail", args=[report.pk])).content.decode()

    assert "关联演出场次" in page
    assert "禁毒快板进村" in page
    assert "竹山村戏台" in page


class TestPlannedAgainstHeld:
    @pytest.fixture(scope="class")
    @classmethod
    def kept_may(cls, shared_base, django_db_blocker):
        """The showings of May, built once for the class."""
        with rolled_back(django_db_blocker):
            yield cls.build_may(shared_base.regions, make_schedule())

    @pytest.fixture
    def may(self, kept_may, db):
        return fresh(kept_may)

    @staticmethod
    def build_may(regions, schedule):
        def add(day, **fields):
            return ShowingFactory(
                event=schedule, region=fields.pop("region", regions.village_a), start=local(2024, 5, day), **fields
            )

        shows = {
            "reported": add(3),
            "unreported": add(10),
            "cancelled": add(12, status=ShowingStatus.CANCELLED, note="台风"),
            "postponed": add(28, status=ShowingStatus.POSTPONED, note="雨天"),
            "upcoming": add(30),
            "other_town": add(11, region=regions.town_b),
        }
        shows["postponed"].start = local(2024, 6, 8)
        shows["postponed"].end = local(2024, 6, 8, 21)
        shows["postponed"].postponed_from = local(2024, 5, 28)
        shows["postponed"].save()
        create_report(
            regions.village_a, datetime.date(2024, 5, 3), showing=shows["reported"], sessions=2, people_reached=480
        )
        return shows

    def test_each_planned_showing_has_its_outcome_and_figures(self, regions, people, may):
        summary = planned_vs_held(people.office, regions.town_a, Period.month(2024, 5), now=local(2024, 5, 29, 12))

        outcomes = {row.showing.pk: row.outcome for row in summary.rows}
        assert outcomes == {
            may["reported"].pk: Outcome.REPORTED,
            may["unreported"].pk: Outcome.UNREPORTED,
            may["cancelled"].pk: Outcome.CANCELLED,
            may["postponed"].pk: Outcome.POSTPONED,
            may["upcoming"].pk: Outcome.UPCOMING,
        }
        assert {value: count for value, _label, count in summary.counts} == {
            "reported": 1,
            "unreported": 1,
            "upcoming": 1,
            "postponed": 1,
            "cancelled": 1,
        }
        assert (summary.planned, summary.sessions, summary.people_reached) == (5, 2, 480)

    def test_the_district_office_sees_every_town(self, regions, people, may):
        summary = planned_vs_held(people.office, regions.district, Period.month(2024, 5), now=local(2024, 6, 30))

        assert summary.planned == 6
        assert {v: c for v, _l, c in summary.counts}["unreported"] == 3

    def test_the_page_opens_on_the_latest_month_and_links_from_the_list(self, officer, regions, may):
        assert reverse("campaigns:planned_vs_held") in officer.get(reverse("campaigns:report_list")).content.decode()

        latest = officer.get(reverse("campaigns:planned_vs_held")).content.decode()
        assert "五通镇 · 2024年6月" in latest  # the postponed showing moved into June

        page = officer.get(
            reverse("campaigns:planned_vs_held"), {"region": regions.town_a.pk, "year": 2024, "month": 5}
        )

        assert "计划与开展" in page.content.decode()
        assert "已开展，已填报" in page.content.decode() and "已取消" in page.content.decode()
        assert "为此场次填报" in page.content.decode()
        assert "480 人" in page.content.decode()

    def test_an_officer_cannot_look_at_another_town(self, client, regions, people, may):
        client.force_login(people.officer_b)

        page = client.get(reverse("campaigns:planned_vs_held"), {"region": regions.town_a.pk, "year": 2024, "month": 5})

        assert "禁毒快板进村" not in page.content.decode()
