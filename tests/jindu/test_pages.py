import pytest
from django.core.exceptions import ValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from jindu.factories import ArticlePageFactory
from jindu.models import ArticleIndexPage, ArticlePage, FooterSettings, HomePage, MainMenu, MainMenuItem
from tests.conftest import make_site_tree


class PageTreeRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = make_site_tree()

    def setUp(self):
        # WagtailTestUtils.login() signs in without a request, which sign-in throttling (axes) refuses.
        self.client.force_login(self.create_superuser("admin"))

    def test_home_page_sits_at_the_top_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, ArticlePage)

    def test_article_index_holds_only_articles(self):
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage})
        self.assertAllowedParentPageTypes(ArticleIndexPage, {HomePage})

    def test_articles_live_only_under_an_article_index(self):
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertCanNotCreateAt(HomePage, ArticlePage)

    def test_editor_can_create_an_article_with_every_body_block(self):
        image = Image.objects.create(title="海报", file=get_test_image_file())
        self.assertCanCreate(
            self.index,
            ArticlePage,
            nested_form_data(
                {
                    "title": "认识冰毒",
                    "slug": "know-meth",
                    "date": "2026-06-26",
                    "summary": "冰毒的危害。",
                    "tags": "毒品危害, 新型毒品",
                    "listing_image_alt": "",
                    "body": streamfield(
                        [
                            ("heading", "什么是冰毒"),
                            ("paragraph", rich_text("<p>冰毒就是甲基苯丙胺。</p>")),
                            ("quote", {"text": "不碰第一次。", "attribution": "禁毒民警"}),
                            ("callout", {"title": "知识点", "text": "冰毒会损害大脑。"}),
                            (
                                "image",
                                {
                                    "image": {"image": image.pk, "decorative": False, "alt_text": "禁毒宣传海报"},
                                    "caption": "宣传海报",
                                },
                            ),
                        ]
                    ),
                }
            ),
        )
        article = ArticlePage.objects.get(slug="know-meth")
        self.assertEqual(sorted(article.tags.names()), ["新型毒品", "毒品危害"])
        self.assertEqual(
            [block.block_type for block in article.body], ["heading", "paragraph", "quote", "callout", "image"]
        )

    def test_one_home_page_is_enough(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))


@pytest.mark.django_db
def test_listing_image_needs_alt_text(site_tree):
    _home, index = site_tree
    image = Image.objects.create(title="海报", file=get_test_image_file())
    article = ArticlePage(title="无替代文本", slug="no-alt", summary="摘要", body="[]", listing_image=image)
    with pytest.raises(ValidationError) as raised:
        article.full_clean()
    assert "listing_image_alt" in raised.value.message_dict


@pytest.mark.django_db
def test_image_block_needs_alt_text_unless_decorative():
    from jindu.blocks import CaptionedImageBlock

    image = Image.objects.create(title="海报", file=get_test_image_file())
    block = CaptionedImageBlock()
    value = block.to_python({"image": {"image": image.pk, "decorative": False, "alt_text": ""}, "caption": ""})
    with pytest.raises(ValidationError):
        block.clean(value)
    decorative = block.to_python({"image": {"image": image.pk, "decorative": True, "alt_text": ""}, "caption": ""})
    block.clean(decorative)


@pytest.mark.django_db
def test_article_listing_filters_by_tag(client, site_tree):
    _home, index = site_tree
    ArticlePageFactory(parent=index, title="笑气不是玩具", tags=["新型毒品"])
    ArticlePageFactory(parent=index, title="禁毒法要点", tags=["法律法规"])

    response = client.get(index.url, {"tag": "新型毒品"})

    assert response.status_code == 200
    assert "笑气不是玩具" in response.text
    assert "禁毒法要点" not in response.text
    assert [tag.name for tag in response.context["tags"]] == ["新型毒品", "法律法规"]
    assert '<span class="tag-title">：新型毒品</span>' in response.text
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<span class="tag-title">: 新型毒品</span>' in client.get(index.url, {"tag": "新型毒品"}).text


@pytest.mark.django_db
def test_article_listing_without_tag_shows_newest_first(client, site_tree):
    _home, index = site_tree
    ArticlePageFactory(parent=index, title="旧文章", date="2025-01-01")
    ArticlePageFactory(parent=index, title="新文章", date="2026-06-26")

    response = client.get(index.url)

    assert [article.title for article in response.context["articles"]] == ["新文章", "旧文章"]


@pytest.mark.django_db
def test_unknown_tag_lists_nothing_and_says_so(client, site_tree):
    _home, index = site_tree
    ArticlePageFactory(parent=index, tags=["新型毒品"])
    response = client.get(index.url, {"tag": "不存在"})
    assert response.status_code == 200
    assert "没有符合这个标签的文章" in response.text


@pytest.mark.django_db
def test_footer_shows_the_site_settings(client, site_tree):
    home, _index = site_tree
    footer = FooterSettings.for_site(home.get_site())
    footer.organisation = "临桂区禁毒委员会办公室"
    footer.hotline = "0773-5588110"
    footer.icp_number = "桂ICP备12345678号-1"
    footer.police_record_number = "桂公网安备45031202000001号"
    footer.save()

    response = client.get("/")

    footer_html = response.text.split('<footer class="site-footer"', 1)[1]
    for text in (
        "临桂区禁毒委员会办公室",
        'href="tel:07735588110"',
        "桂ICP备12345678号-1",
        "桂公网安备45031202000001号",
    ):
        assert text in footer_html


@pytest.mark.django_db
def test_main_menu_follows_the_editors_order(client, site_tree):
    home, index = site_tree
    menu = MainMenu.for_site(home.get_site())
    menu.items = [MainMenuItem(link_url="/search/", label="搜一搜"), MainMenuItem(link_page=index)]
    menu.save()

    response = client.get(index.url)

    nav = response.text.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert nav.index("搜一搜") < nav.index("禁毒知识")
    assert f'<a href="{index.url}" aria-current="page">' in nav


def test_menu_item_needs_a_page_or_an_address():
    with pytest.raises(ValidationError):
        MainMenuItem(label="空").clean()


@pytest.mark.django_db
def test_article_page_renders_blocks_and_open_graph(client, site_tree):
    _home, index = site_tree
    image = Image.objects.create(title="配图", file=get_test_image_file())
    article = ArticlePageFactory(
        parent=index,
        title="合成大麻素的伪装",
        summary="电子烟油里也可能藏着毒品。",
        listing_image=image,
        listing_image_alt="一张禁毒海报",
        body='[{"type": "callout", "value": {"title": "知识点", "text": "合成大麻素常被喷在烟丝上。"}},'
        ' {"type": "table", "value": {"data": [["行为", "后果"], ["贩卖", "刑事责任"]],'
        ' "first_row_is_table_header": true, "first_col_is_header": false, "table_caption": "法律后果"}}]',
    )

    response = client.get(article.url)

    assert response.status_code == 200
    html = response.text
    assert '<meta property="og:title" content="合成大麻素的伪装">' in html
    assert '<meta property="og:description" content="电子烟油里也可能藏着毒品。">' in html
    assert '<meta property="og:type" content="article">' in html
    assert 'property="og:image" content="http://testserver/' in html
    assert 'alt="一张禁毒海报"' in html
    assert '<aside class="block-callout"' in html
    assert '<th scope="col">行为</th>' in html and "<caption>法律后果</caption>" in html


@pytest.mark.django_db
def test_missing_page_is_a_chinese_404(client, site_tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.text
    assert '<html lang="zh-hans"' in response.text


def test_server_error_page_is_chinese_and_needs_no_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert '<html lang="zh-hans">' in html
    assert "服务器出错了" in html


@pytest.mark.django_db
def test_article_lists_related_articles_that_share_a_tag(client, site_tree):
    _home, index = site_tree
    article = ArticlePageFactory(parent=index, title="笑气的危害", tags=["新型毒品"])
    ArticlePageFactory(parent=index, title="奶茶里的毒品", tags=["新型毒品"])
    ArticlePageFactory(parent=index, title="禁毒法要点", tags=["法律法规"])

    related = client.get(article.url).content.decode().split('id="related-heading"', 1)[1]

    assert "奶茶里的毒品" in related
    assert "禁毒法要点" not in related and "笑气的危害" not in related
