import datetime
import re

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jindu.factories import CampaignThemeFactory, MaterialKindFactory
from media.factories import DocumentFactory, PublicityMaterialFactory
from media.models import DownloadCentrePage, MaterialDownloadDay, PublicityMaterial

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(site_tree):
    home, _index = site_tree
    return home.add_child(instance=DownloadCentrePage(title="宣传资料下载", slug="downloads"))


def test_download_centre_groups_materials_by_theme_with_type_and_size(client, centre):
    june = CampaignThemeFactory(name="6·26 国际禁毒日", sort_order=0)
    school = CampaignThemeFactory(name="校园禁毒", sort_order=1)
    PublicityMaterialFactory(title="禁毒承诺书模板", theme=school, kind=MaterialKindFactory(name="承诺书"))
    PublicityMaterialFactory(title="国际禁毒日海报", theme=june, document=None, image=wagtail_factories.ImageFactory())

    html = client.get(centre.url).content.decode()

    assert html.index("6·26 国际禁毒日") < html.index("国际禁毒日海报") < html.index("校园禁毒")
    assert html.index("校园禁毒") < html.index("禁毒承诺书模板")
    assert "承诺书 · PDF · 15\xa0字节" in html
    assert re.search(r"海报 · (JPG|PNG) · \d", html)
    assert "下载“禁毒承诺书模板”" in html


def test_hidden_materials_are_not_listed_or_downloadable(client, centre):
    hidden = PublicityMaterialFactory(title="旧版海报", live=False)

    assert "旧版海报" not in client.get(centre.url).content.decode()
    assert client.get(hidden.get_download_url()).status_code == 404


def test_download_sends_the_file_as_an_attachment_and_counts_it(client, centre):
    material = PublicityMaterialFactory(title="宣传折页")

    response = client.get(material.get_download_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.get(material.get_download_url())
    assert MaterialDownloadDay.objects.get(material=material).count == 2
    assert PublicityMaterial.objects.with_download_totals().get(pk=material.pk).total_downloads == 2


def test_downloads_are_counted_per_day(centre):
    material = PublicityMaterialFactory()

    material.record_download(day=datetime.date(2026, 6, 25))
    material.record_download(day=datetime.date(2026, 6, 26))
    material.record_download(day=datetime.date(2026, 6, 26))

    counts = dict(MaterialDownloadDay.objects.values_list("day", "count"))
    assert counts == {datetime.date(2026, 6, 25): 1, datetime.date(2026, 6, 26): 2}


def test_download_centre_query_count_does_not_grow_with_materials(client, centre):
    theme = CampaignThemeFactory()
    PublicityMaterialFactory(theme=theme, document=None, image=wagtail_factories.ImageFactory())
    PublicityMaterialFactory(theme=theme)
    client.get(centre.url)
    with CaptureQueriesContext(connection) as few:
        client.get(centre.url)
    for _ in range(5):
        PublicityMaterialFactory(theme=CampaignThemeFactory())
        PublicityMaterialFactory(theme=theme, document=None, image=wagtail_factories.ImageFactory())
    client.get(centre.url)  # thumbnails are made on first view

    with CaptureQueriesContext(connection) as many:
        client.get(centre.url)

    assert len(many) == len(few)


def test_a_material_needs_exactly_one_file(centre):
    theme = CampaignThemeFactory()
    neither = PublicityMaterial(title="没有文件", theme=theme)
    both = PublicityMaterial(
        title="两个文件", theme=theme, document=DocumentFactory(), image=wagtail_factories.ImageFactory()
    )

    for material in (neither, both):
        with pytest.raises(ValidationError, match="文档或一张图片"):
            material.clean()


def test_admin_material_list_shows_download_totals(admin_client, centre):
    material = PublicityMaterialFactory(title="禁毒海报")
    for _ in range(3):
        material.record_download()

    response = admin_client.get(reverse("materials:index"))

    assert response.status_code == 200
    assert "禁毒海报" in response.content.decode()
    assert response.context["object_list"][0].total_downloads == 3
