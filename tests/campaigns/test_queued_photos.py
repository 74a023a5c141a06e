"""The server's side of reports queued on a phone: a resent photo is stored once, the script learns the saved page."""

import uuid

import pytest
from django.urls import reverse

from campaigns.models import ActivityReport, PendingPhoto
from tests.campaigns.conftest import shared_base_fixtures
from tests.campaigns.test_officer_day import full_data, officer, photo_file  # noqa: F401

regions, kinds, people = shared_base_fixtures()


pytestmark = pytest.mark.django_db

PHONE = {"HTTP_X_JINDU_REPORT": "1"}


def send_photo(client, form_key, photo_key):
    data = {"form_key": form_key, "photo": photo_file()}
    if photo_key:
        data["photo_key"] = photo_key
    return client.post(reverse("campaigns:photo_upload"), data)


def test_a_photo_kept_on_the_phone_and_sent_twice_is_stored_once(officer, regions, kinds):  # noqa: F811
    data = full_data(regions, kinds)
    photo_key = str(uuid.uuid4())
    first = send_photo(officer, data["form_key"], photo_key)
    again = send_photo(officer, data["form_key"], photo_key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert PendingPhoto.objects.count() == 1
    assert send_photo(officer, data["form_key"], str(uuid.uuid4())).status_code == 201
    assert PendingPhoto.objects.count() == 2

    officer.post(reverse("campaigns:report_create"), data)
    assert ActivityReport.objects.get().photos.count() == 2


def test_a_photo_resent_after_its_report_arrived_is_not_stored_again(officer, regions, kinds):  # noqa: F811
    data = full_data(regions, kinds)
    photo_key = str(uuid.uuid4())
    send_photo(officer, data["form_key"], photo_key)
    officer.post(reverse("campaigns:report_create"), data)
    report = ActivityReport.objects.get()

    late = send_photo(officer, data["form_key"], photo_key)
    assert late.status_code == 200
    assert late.json() == {"id": None, "report": reverse("campaigns:report_detail", args=[report.pk])}
    assert PendingPhoto.objects.count() == 0
    assert report.photos.count() == 1


def test_the_phones_script_learns_the_saved_page_and_the_message_waits_for_it(officer, regions, kinds):  # noqa: F811
    data = full_data(regions, kinds)
    response = officer.post(reverse("campaigns:report_create"), data, **PHONE)
    report = ActivityReport.objects.get()
    assert response.status_code == 200
    assert response.json() == {"url": reverse("campaigns:report_detail", args=[report.pk])}
    again = officer.post(reverse("campaigns:report_create"), data, **PHONE)
    assert again.json() == response.json()
    assert ActivityReport.objects.count() == 1
    page = officer.get(response.json()["url"]).content.decode()
    assert "报表已提交禁毒办审核" in page


def test_a_refused_report_tells_the_script_which_fields_to_correct(officer, regions, kinds):  # noqa: F811
    data = full_data(regions, kinds, activity_type="", sessions=1, people_reached=5000)
    response = officer.post(reverse("campaigns:report_create"), data, **PHONE)
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {"field": "activity_type", "label": "活动类型", "messages": ["发送报表前请选择活动类型。"]},
            {
                "field": "people_reached",
                "label": "受众人数",
                "messages": ["每场超过 1000 人。请核实数字；如确实如此，请勾选“确认大规模受众”。"],
            },
        ]
    }
    assert not ActivityReport.objects.exists()


def test_a_refused_report_posted_as_a_plain_form_gets_the_form_page(officer, regions, kinds):  # noqa: F811
    response = officer.post(reverse("campaigns:report_create"), full_data(regions, kinds, date=""))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not ActivityReport.objects.exists()


def test_the_form_marks_what_sending_needs_for_the_phone(officer, regions, kinds):  # noqa: F811
    page = officer.get(reverse("campaigns:report_create")).content.decode()
    assert 'data-needed-to-send="发送报表前请选择活动类型。"' in page
