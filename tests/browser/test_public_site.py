import pytest
from playwright.sync_api import expect

from jindu import public_address
from jindu.factories import ArticlePageFactory, paragraphs
from tests.browser.conftest import shot
from tests.conftest import make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_site():
    home, index = make_site_tree()
    article = ArticlePageFactory(
        parent=index,
        title="警惕伪装成奶茶的毒品",
        summary="新型毒品常常换上饮料的包装。",
        body=paragraphs("有些不法分子把新精神活性物质伪装成奶茶粉，在娱乐场所兜售。"),
    )
    return home, index, article


def font_size(page, selector):
    return page.eval_on_selector(selector, "element => parseFloat(getComputedStyle(element).fontSize)")


def test_home_renders_in_chinese_at_phone_size(live_server, phone, published_site):
    phone.goto(live_server.url + "/")

    expect(phone.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(phone.get_by_role("heading", name="最新文章")).to_be_visible()
    expect(phone.get_by_role("link", name="警惕伪装成奶茶的毒品")).to_be_visible()
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 390, "the page must not scroll sideways on a phone"


def test_large_text_toggle_enlarges_text_and_persists_to_the_next_page(live_server, phone, published_site):
    _home, index, _article = published_site
    phone.goto(live_server.url + "/")
    normal = font_size(phone, ".card__summary")

    phone.get_by_role("button", name="大字模式").click()

    expect(phone.locator("html")).to_have_class("large-text")
    assert font_size(phone, ".card__summary") >= normal * 1.25
    phone.goto(live_server.url + index.url)
    expect(phone.locator("html")).to_have_class("large-text")
    expect(phone.get_by_role("button", name="标准字号")).to_be_visible()
    assert font_size(phone, ".card__summary") >= normal * 1.25


def test_large_text_toggle_works_with_javascript_off(live_server, chromium_browser, published_site):
    _home, index, _article = published_site
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    first_visit = page.goto(live_server.url + "/")
    # Nothing on the home page asks for a cookie, so nginx or a CDN may keep it (issue 18).
    assert "set-cookie" not in first_visit.headers and "cookie" not in first_visit.headers.get("vary", "").lower()
    normal = font_size(page, ".card__summary")

    page.get_by_role("button", name="大字模式").click()
    page.wait_for_load_state()

    expect(page.locator("html")).to_have_class("large-text")
    assert font_size(page, ".card__summary") >= normal * 1.25
    page.get_by_role("link", name="禁毒知识").first.click()
    expect(page).to_have_url(live_server.url + index.url)
    expect(page.locator("html")).to_have_class("large-text")
    shot(page, "large-text-no-js")
    context.close()


@pytest.mark.search_index
def test_search_from_the_header_finds_an_article(live_server, phone, published_site):
    _home, _index, article = published_site
    phone.goto(live_server.url + "/")

    phone.get_by_role("searchbox", name="站内搜索").fill("新精神活性物质")
    phone.get_by_role("searchbox", name="站内搜索").press("Enter")

    expect(phone).to_have_url(
        live_server.url + "/search/?q=%E6%96%B0%E7%B2%BE%E7%A5%9E%E6%B4%BB%E6%80%A7%E7%89%A9%E8%B4%A8"
    )
    result = phone.get_by_role("link", name="警惕伪装成奶茶的毒品")
    expect(result).to_be_visible()
    result.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(article.title)


def test_a_reader_of_a_cached_page_can_still_turn_on_large_text(
    live_server, chromium_browser, published_site, settings
):
    from django.core.cache import cache

    settings.JINDU_PAGE_CACHE_SECONDS = 600
    cache.clear()
    _home, _index, article = published_site
    readers = [chromium_browser.new_context(java_script_enabled=False) for _ in range(2)]
    first, second = (reader.new_page() for reader in readers)

    first.goto(live_server.url + article.url)
    response = second.goto(live_server.url + article.url)
    assert response.headers["x-page-cache"] == "hit"

    second.get_by_role("button", name="大字模式").click()
    second.wait_for_load_state()

    expect(second.locator("html")).to_have_class("large-text")
    expect(second.get_by_role("heading", level=1)).to_have_text(article.title)
    for reader in readers:
        reader.close()
    cache.clear()


def test_a_reader_copies_an_articles_link_to_share_it(live_server, chromium_browser, published_site):
    _home, _index, article = published_site
    # The link that leaves the screen is at the site's one public address, not the address the reader typed.
    shared = public_address.page_url(article)
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="警惕伪装成奶茶的毒品").click()
    page.get_by_role("button", name="分享：复制链接").click()

    expect(page.get_by_text("链接已复制，粘贴到聊天里即可分享。")).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == shared
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Where the clipboard cannot be written, the link is shown and selected for the reader to copy.
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.reload()
    page.get_by_role("button", name="分享：复制链接").click()
    link = page.get_by_label("本页链接")
    expect(link).to_be_visible()
    assert page.evaluate("() => window.getSelection().toString() || document.activeElement.value") == shared
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
