"""Every address that leaves the screen names the public address, under production-like settings.

The app servers sit behind nginx and may see an internal host name (here ``localhost``); Wagtail's first Site
also says ``localhost``. ``migrate`` in production points the Site at WAGTAILADMIN_BASE_URL, and QR codes, og:url,
the sitemap, calendar feeds, the API and robots.txt all use it.
"""

import re
from types import SimpleNamespace

import pytest
import segno
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Site

from education.factories import QuestionFactory, QuizPageFactory
from education.models import QuizPage
from events.models import EventPage
from jindu.factories import ArticlePageFactory
from jindu.models import ArticlePage
from jindu.public_address import absolute_url, set_public_address, site_address
from tests.events.conftest import Schedule
from tests.module_rows import rolled_back, shared_uploads

PUBLIC = "https://jindu.example.cn"
pytestmark = pytest.mark.django_db


PRODUCTION = {
    "WAGTAILADMIN_BASE_URL": PUBLIC,
    "JINDU_SITE_FROM_BASE_URL": True,
    "ALLOWED_HOSTS": ["localhost", "jindu.example.cn"],
}


module_uploads, uploads_in_tmp = shared_uploads()


@pytest.fixture(scope="module")
def production_rows(django_db_setup, django_db_blocker, module_uploads):
    """The schedule, a quiz and an article, then `migrate` in production: once for the module, rolled back at its end."""
    with override_settings(**PRODUCTION), rolled_back(django_db_blocker, module_uploads):
        schedule = Schedule()
        quiz = QuizPageFactory(parent=schedule.home, title="禁毒知识测验", slug="quiz", questions=[QuestionFactory()])
        article = ArticlePageFactory(parent=schedule.home.get_children().first(), title="冰毒的危害", slug="meth")
        # As Wagtail's first migration leaves it: the Site says localhost.
        Site.objects.update(hostname="localhost", port=80)
        call_command("migrate", verbosity=0)
        yield schedule.tour.pk, quiz.pk, article.pk


@pytest.fixture
def production_site(db, settings, production_rows):
    """Production-like settings, and this test's own instances of the shared pages."""
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    tour_pk, quiz_pk, article_pk = production_rows
    schedule = SimpleNamespace(tour=EventPage.objects.get(pk=tour_pk))
    return schedule, QuizPage.objects.get(pk=quiz_pk), ArticlePage.objects.get(pk=article_pk)


@pytest.fixture
def internal_client(client):
    """Requests as nginx passes them on to an app server: Host is the internal name."""
    client.defaults["HTTP_HOST"] = "localhost"
    return client


def qr_path(svg):
    """The modules of a QR code as segno draws them, whatever the SVG's size and header."""
    return re.search(r' d="([^"]+)"', svg).group(1)


def assert_public(text):
    assert "localhost" not in text
    assert "testserver" not in text
    assert f"{PUBLIC}/" in text


def test_migrate_in_production_points_the_default_site_at_the_base_url(production_site):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("jindu.example.cn", 443, PUBLIC)


def test_event_poster_qr_code_and_printed_address_are_public(production_site, internal_client):
    schedule, _quiz, _article = production_site
    html = internal_client.get(schedule.tour.poster_url()).content.decode()
    assert_public(html)
    expected = f"{PUBLIC}/shows/gelong-tour/"
    assert expected in html
    assert segno.make(expected, error="m").svg_inline(scale=6, dark="#000", light="#fff") in html


def test_quiz_poster_and_qr_image_are_public(production_site, internal_client):
    _schedule, quiz, _article = production_site
    html = internal_client.get(reverse("education:quiz_poster", args=[quiz.pk])).content.decode()
    assert_public(html)
    assert f"{PUBLIC}/quiz/" in html
    svg = internal_client.get(reverse("education:quiz_qr", args=[quiz.pk])).content.decode()
    expected = segno.make(f"{PUBLIC}/quiz/", error="m").svg_inline(scale=10, border=4)
    assert qr_path(svg) == qr_path(expected)


def test_og_url_sitemap_and_robots_are_public(production_site, internal_client):
    _schedule, _quiz, article = production_site
    html = internal_client.get(article.url).content.decode()
    assert f'<meta property="og:url" content="{PUBLIC}{article.url}">' in html
    sitemap = internal_client.get("/sitemap.xml").content.decode()
    assert_public(sitemap)
    assert all(loc.startswith(f"{PUBLIC}/") for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap))
    robots = internal_client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots.content.decode()
    assert "Disallow: /admin/" in robots.content.decode()


def test_api_and_calendar_feeds_link_to_the_public_address(production_site, internal_client):
    schedule, _quiz, _article = production_site
    data = internal_client.get("/api/v2/showings/").json()
    assert data["items"][0]["event"]["html_url"] == f"{PUBLIC}/shows/gelong-tour/"
    event = internal_client.get(f"/api/v2/events/{schedule.tour.pk}/").json()
    assert event["meta"]["html_url"] == f"{PUBLIC}/shows/gelong-tour/"
    feed = internal_client.get(reverse("events_event_ics", args=[schedule.tour.pk])).content.decode()
    assert_public(feed.replace("\r\n ", ""))


def test_api_index_pages_and_quiz_link_to_the_public_address(production_site, internal_client):
    _schedule, quiz, article = production_site
    assert_public(internal_client.get("/api/v2/").content.decode())
    detail = internal_client.get(f"/api/v2/articles/{article.pk}/").json()
    assert detail["meta"]["html_url"] == f"{PUBLIC}/knowledge/meth/"
    assert detail["meta"]["detail_url"] == f"{PUBLIC}/api/v2/articles/{article.pk}/"
    paper = internal_client.post(f"/api/v2/quiz/{quiz.pk}/start/").json()
    assert paper["submit_url"] == f"{PUBLIC}/api/v2/quiz/attempts/{paper['token']}/submit/"
    assert internal_client.get("/api/v2/openapi.json").json()["servers"] == [{"url": PUBLIC}]


def test_absolute_url_joins_paths_and_keeps_absolute_addresses(production_site):
    assert absolute_url("/quiz/verify/ABC/") == f"{PUBLIC}/quiz/verify/ABC/"
    assert absolute_url("https://cdn.example.cn/a.png") == "https://cdn.example.cn/a.png"


def test_site_address_understands_ports_and_refuses_https_off_443():
    assert site_address("http://127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert site_address("https://jindu.example.cn/") == ("jindu.example.cn", 443)
    with pytest.raises(Exception, match="443"):
        site_address("https://jindu.example.cn:8443")


def test_load_demo_address_follows_the_setting(site_tree, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    site = set_public_address(settings.WAGTAILADMIN_BASE_URL)
    assert site.root_url == "http://127.0.0.1:8000"
