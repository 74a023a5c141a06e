"""The report pages as a web app: the service worker, the manifest, and one report per form key."""

import re
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from campaigns.models import ActivityReport
from tests.campaigns.conftest import shared_base_fixtures
from tests.campaigns.test_officer_day import full_data, officer  # noqa: F401

regions, kinds, people = shared_base_fixtures()


pytestmark = pytest.mark.django_db


def test_a_report_queued_on_the_phone_and_sent_twice_is_stored_once(officer, regions, kinds):  # noqa: F811
    key = str(uuid.uuid4())
    first = officer.post(reverse("campaigns:report_create"), full_data(regions, kinds, form_key=key))
    # The queued copy arrives again later, even edited on the phone meanwhile: the first report stands.
    again = officer.post(reverse("campaigns:report_create"), full_data(regions, kinds, form_key=key, sessions=9))

    report = ActivityReport.objects.get()
    assert str(report.form_key) == key
    assert report.sessions == 2
    assert first.url == again.url == reverse("campaigns:report_detail", args=[report.pk])
    assert report.revisions.count() == 1


def test_two_reports_with_their_own_keys_are_both_stored(officer, regions, kinds):  # noqa: F811
    for _ in range(2):
        officer.post(reverse("campaigns:report_create"), full_data(regions, kinds, form_key=str(uuid.uuid4())))
    assert ActivityReport.objects.count() == 2


def test_the_service_worker_is_served_from_the_report_pages_under_the_csp(client):
    response = client.get(reverse("campaigns:service_worker"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/reports/"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    for url in ("/reports/new/", "/static/campaigns/campaigns.css", "/static/campaigns/offline_reports.js"):
        assert f'"{url}"' in body


def test_the_manifest_names_the_app_and_its_icons_exist(client):
    response = client.get(reverse("campaigns:web_manifest"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "禁毒宣传填报"
    assert (manifest["scope"], manifest["start_url"], manifest["display"]) == ("/reports/", "/reports/", "standalone")
    for icon in manifest["icons"]:
        size = int(icon["sizes"].split("x")[0])
        path = finders.find(icon["src"].removeprefix("/static/"))
        with Image.open(path) as image:
            assert (image.format, image.size) == ("PNG", (size, size))


def test_the_report_form_links_the_manifest_and_runs_no_inline_script(officer):  # noqa: F811
    html = officer.get(reverse("campaigns:report_create")).content.decode()

    assert '<link rel="manifest" href="/reports/manifest.webmanifest">' in html
    assert 'data-worker-url="/reports/sw.js"' in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts)
