import io

import pytest
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page, Site

from jindu.models import ArticlePage, FooterSettings, HomePage, MainMenu, Region


def counts():
    return {
        "pages": Page.objects.count(),
        "articles": ArticlePage.objects.count(),
        "regions": Region.objects.count(),
        "images": Image.objects.count(),
        "menu": MainMenu.objects.first().items.count(),
    }


@pytest.mark.django_db
def test_load_demo_builds_the_site_and_running_it_twice_doubles_nothing(client, settings):
    settings.DEBUG = False
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())

    assert counts() == first
    assert first["articles"] >= 10
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert FooterSettings.for_site(site).hotline
    for name in (
        "临桂区",
        "五通镇",
        "两江镇",
        "临桂镇",
        "永州市",
        "昌江黎族自治县",
        "石碌镇",
        "昌化镇",
        "王下乡",
        "昌城村",
    ):
        assert Region.objects.filter(name=name).exists(), name
    assert Region.objects.get(name="昌城村").full_name == "昌江黎族自治县 昌化镇 昌城村"
    assert Region.objects.get(name="从化区").get_parent().name == "广州市"
    assert Region.objects.filter(name="阳泉市").exists()

    home = client.get("/")
    assert home.status_code == 200 and "冰毒" in home.content.decode()
    found = client.get("/search/", {"q": "哥隆话"})
    assert len(found.context["results"]) >= 1


@pytest.mark.django_db
def test_load_demo_prints_an_admin_password_only_in_development(settings):
    from django.contrib.auth import get_user_model

    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    password = out.getvalue().split("username admin, password ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)

    settings.DEBUG = False
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "password" not in out.getvalue()
