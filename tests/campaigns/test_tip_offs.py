"""Tip-offs (举报): anonymous by default, photos kept private and kept across a form error, limited per client,
read and exported by the office of the page's region only."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from campaigns.demo import _tip_off_page
from campaigns.models import TipOff, TipOffPage, TipOffStatus
from tests.campaigns.conftest import shared_base_fixtures
from tests.conftest import make_site_tree

# One worker builds the shared rows once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("campaigns_tip_offs")]


def photo(name="clue.jpg", colour="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


ANSWERS = {"xiansuo_leixing": "贩毒", "fasheng_didian": "竹山村村口", "qingkuang_miaoshu": "夜里有陌生车辆交易"}


regions, kinds, people = shared_base_fixtures()


def build_module_rows(base):
    home, _index = make_site_tree()
    _tip_off_page(home, base.regions.district, lambda message: None)
    return TipOffPage.objects.get()


@pytest.fixture
def page(rows):
    cache.clear()  # the per-client count of tip-offs lives in the cache
    yield rows
    for tip_off in TipOff.objects.all():  # the private root is the test settings' own folder: leave it empty
        for stored in tip_off.photos():
            stored.delete(save=False)


def field_names(page):
    return [field.clean_name for field in page.form_fields.all()]


def test_the_demo_questions_have_the_names_the_tests_post(page):
    assert set(ANSWERS) <= set(field_names(page))


def test_an_anonymous_tip_off_with_a_photo_is_stored_privately_and_without_the_sender(page, client):
    form = client.get(page.url).content.decode()
    assert "如何处理您的举报" in form and "不会记录您设备的地址" in form
    response = client.post(page.url, {**ANSWERS, "photo_1": photo()}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 200
    assert "感谢您的举报" in response.content.decode()
    tip_off = TipOff.objects.get()
    assert tip_off.region.name == "临桂区" and tip_off.contact == "" and tip_off.status == TipOffStatus.NEW
    assert tip_off.form_data["fasheng_didian"] == "竹山村村口"
    assert "198.51.100.7" not in str(tip_off.form_data)
    stored = Path(tip_off.photo_1.path)
    assert stored.is_relative_to(settings.JINDU_PRIVATE_ROOT) and stored.exists()
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))


def test_a_form_error_keeps_the_answers_and_the_chosen_photo(page, client):
    answers = {**ANSWERS, "qingkuang_miaoshu": ""}
    first = client.post(page.url, {**answers, "photo_1": photo()})
    page_html = first.content.decode()
    assert first.status_code == 200 and "必需字段" in page_html
    assert "竹山村村口" in page_html and "照片 1 已保留" in page_html
    assert not TipOff.objects.exists()
    kept = page_html.split('name="kept_photo_1" value="', 1)[1].split('"', 1)[0]
    second = client.post(page.url, {**ANSWERS, "kept_photo_1": kept})
    assert "感谢您的举报" in second.content.decode()
    assert TipOff.objects.get().photo_1


def test_a_forged_kept_photo_name_is_ignored(page, client):
    client.post(page.url, {**ANSWERS, "kept_photo_1": "tipoffs/../../secret.jpg"})
    assert not TipOff.objects.get().photo_1


def test_a_client_sending_too_many_is_refused_with_the_hotline_named(page, settings):
    settings.JINDU_TIP_OFFS_PER_HOUR = 2
    client = Client()
    for _ in range(2):
        assert client.post(page.url, ANSWERS, REMOTE_ADDR="203.0.113.5").status_code == 200
    refused = client.post(page.url, ANSWERS, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert "举报电话" in refused.content.decode() and "竹山村村口" in refused.content.decode()
    assert TipOff.objects.count() == 2
    assert Client().post(page.url, ANSWERS, REMOTE_ADDR="203.0.113.6").status_code == 200


@pytest.fixture
def received(page, people, client):
    client.post(page.url, {**ANSWERS, "contact": '=HYPERLINK("http://evil.example")', "photo_1": photo()})
    client.logout()
    return TipOff.objects.get()


def test_the_office_of_the_region_reads_marks_and_exports_it(received, people, client):
    from jindu.models import Notification

    # Told in the inbox, without the tip-off's words; the other city's office is not told.
    message = Notification.objects.get(recipient=people.office)
    assert message.kind == "tip_off" and "临桂区" in message.title and "竹山村" not in message.title + message.body
    assert not Notification.objects.filter(recipient=people.other_office).exists()
    client.force_login(people.office)
    listing = client.get(reverse("campaigns:tip_off_list")).content.decode()
    assert reverse("campaigns:tip_off_detail", args=[received.pk]) in listing
    detail = client.get(reverse("campaigns:tip_off_detail", args=[received.pk])).content.decode()
    assert "竹山村村口" in detail and "情况描述" in detail
    image = client.get(reverse("campaigns:tip_off_photo", args=[received.pk, 1]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert "no-store" in image["Cache-Control"]
    client.post(reverse("campaigns:tip_off_handled", args=[received.pk]), {"note": "已转派出所"})
    received.refresh_from_db()
    assert received.status == TipOffStatus.HANDLED and received.handled_by == people.office
    export = client.get(reverse("campaigns:tip_off_export"))
    assert "no-store" in export["Cache-Control"]
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows())
    assert rows[1][1].value == "临桂区" and "竹山村村口" in rows[1][5].value
    assert rows[1][3].data_type == "s" and rows[1][3].value.startswith("=HYPERLINK")


def test_no_one_else_sees_a_tip_off(received, people, client, django_user_model):
    urls = [
        reverse("campaigns:tip_off_detail", args=[received.pk]),
        reverse("campaigns:tip_off_photo", args=[received.pk, 1]),
    ]
    client.force_login(people.other_office)
    assert "竹山村" not in client.get(reverse("campaigns:tip_off_list")).content.decode()
    export = client.get(reverse("campaigns:tip_off_export"))
    assert len(list(load_workbook(io.BytesIO(export.content)).active.iter_rows())) == 1
    for user in (people.other_office, people.officer_a):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(reverse("campaigns:tip_off_handled", args=[received.pk])).status_code == 404
    client.logout()
    assert client.get(urls[0])["Location"].startswith(reverse("sign_in"))


def test_wagtails_form_submissions_hide_tip_offs_from_editors(received, client, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("bianji", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(reverse("wagtailforms:list_submissions", args=[received.page_id])).status_code in (302, 403)
