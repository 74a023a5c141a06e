"""The editor's page: preview in the pane, pinyin slugs from Chinese titles, scheduled publishing that runs."""

import datetime
from unittest import mock

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from jindu.factories import ArticlePageFactory
from jindu.models import ArticlePage
from jindu.slugs import pinyin_slug
from tests.conftest import make_site_tree


def article_form(title, slug="", **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "2026-06-26",
            "summary": "远离毒品。",
            "tags": "",
            "listing_image_alt": "",
            "body": streamfield([("paragraph", rich_text("<p>珍爱生命，远离毒品。</p>"))]),
            **extra,
        }
    )


class EditorPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = make_site_tree()

    def setUp(self):
        self.login()
        self.add_url = f"/admin/pages/add/jindu/articlepage/{self.index.pk}/"

    def test_pinyin_slug_keeps_words_latin_and_digits(self):
        self.assertEqual(pinyin_slug("冰毒的危害"), "bingdu-de-weihai")
        self.assertEqual(pinyin_slug("2024年 禁毒 ABC"), "2024-nian-jindu-abc")
        self.assertEqual(pinyin_slug("！？"), "")

    def test_a_chinese_title_without_a_slug_publishes_at_the_first_try_with_a_pinyin_slug(self):
        response = self.client.post(self.add_url, article_form("珍爱生命", **{"action-publish": "publish"}))
        self.assertEqual(response.status_code, 302, response.content.decode()[:500])
        page = ArticlePage.objects.get(title="珍爱生命")
        self.assertEqual(page.slug, "zhenai-shengming")
        self.assertTrue(page.live)
        self.assertEqual(page.url, "/knowledge/zhenai-shengming/")

    def test_a_second_page_with_the_same_title_gets_a_number(self):
        ArticlePageFactory(parent=self.index, title="珍爱生命", slug="zhenai-shengming")
        self.client.post(self.add_url, article_form("珍爱生命", **{"action-publish": "publish"}))
        self.assertEqual(
            sorted(ArticlePage.objects.filter(title="珍爱生命").values_list("slug", flat=True)),
            ["zhenai-shengming", "zhenai-shengming-2"],
        )

    def test_a_slug_in_use_is_refused_in_chinese(self):
        ArticlePageFactory(parent=self.index, title="冰毒", slug="bingdu")
        response = self.client.post(self.add_url, article_form("冰毒", slug="bingdu"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "别名“bingdu”已被同一上级页面下的另一个页面使用")
        self.assertNotContains(response, "is already in use")

    def test_the_slug_endpoint_answers_the_editor_field_with_a_free_pinyin_slug(self):
        ArticlePageFactory(parent=self.index, title="冰毒", slug="bingdu")
        data = self.client.get("/admin/pinyin-slug/", {"title": "冰毒", "parent": self.index.pk}).json()
        self.assertEqual(data, {"slug": "bingdu-2"})
        self.assertIn("admin-pinyin-slug.js", self.client.get(self.add_url).content.decode())

    def test_the_editor_form_has_no_autosave_to_send_a_new_page_twice(self):
        for url in (self.add_url, f"/admin/pages/{ArticlePageFactory(parent=self.index).pk}/edit/"):
            form = self.client.get(url).content.decode()
            self.assertIn("data-edit-form", form)
            self.assertNotIn("data-w-autosave-interval-value", form)

    def test_the_preview_may_be_framed_by_the_admin_only(self):
        preview_url = f"/admin/pages/add/jindu/articlepage/{self.index.pk}/preview/"
        self.assertEqual(self.client.post(preview_url, article_form("预览页", slug="preview")).json()["is_valid"], True)
        response = self.client.get(preview_url)
        self.assertContains(response, "预览页")
        self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")
        self.assertIn("frame-ancestors 'self'", response["Content-Security-Policy"])
        self.assertNotIn("'none'", response["Content-Security-Policy"].split("frame-ancestors")[1].split(";")[0])
        # Public pages still refuse every frame.
        public = self.client.get(self.index.url)
        self.assertEqual(public["X-Frame-Options"], "DENY")
        self.assertIn("frame-ancestors 'none'", public["Content-Security-Policy"])

    def test_the_scheduler_publishes_a_page_whose_time_has_come(self):
        go_live = timezone.localtime() + datetime.timedelta(seconds=3)
        form = article_form(
            "定时文章", go_live_at=go_live.strftime("%Y-%m-%d %H:%M:%S"), **{"action-publish": "publish"}
        )
        self.client.post(self.add_url, form)
        page = ArticlePage.objects.get(title="定时文章")
        self.assertFalse(page.live)
        self.assertIsNotNone(page.latest_revision.approved_go_live_at)
        call_command("run_scheduler", "--once", verbosity=0)
        self.assertFalse(Page.objects.get(pk=page.pk).live, "not before its time")
        # Its time comes, and so does the scheduler `make run` keeps running beside the server: the scheduler's clock
        # is moved on to a second past the go-live time rather than the test waiting it out.
        past_its_time = go_live.astimezone(datetime.UTC) + datetime.timedelta(seconds=1)
        with mock.patch.object(timezone, "now", lambda: past_its_time):
            call_command("run_scheduler", "--once", verbosity=0)
        self.assertTrue(Page.objects.get(pk=page.pk).live)
