"""The server's side of reports queued on a phone: a resent photo is stored once, the script learns the saved page."""

import uuid

import pytest
from django.urls import reverse

from campaigns.models import ActivityReport, PendingPhoto
from tests.campaigns.test_officer_day import full_data, officer, photo_file  # noqa: F401

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


def test_a_refused_report_is_still_the_form_page_for_the_script(officer, regions, kinds):  # noqa: F811
    response = officer.post(reverse("campaigns:report_create"), full_data(regions, kinds, date=""), **PHONE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not ActivityReport.objects.exists()
