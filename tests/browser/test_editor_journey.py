"""The editor's page, at desktop size: sign in, write an article with a Chinese title, see it in the preview pane,
schedule it, and it goes live when the scheduler (the command `make run` keeps running) comes round."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import GroupPagePermission

from jindu.models import ArticlePage
from tests.browser.conftest import shot
from tests.conftest import make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "珍爱生命 远离毒品"


@pytest.fixture
def desktop(chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def editor(django_user_model):
    home, index = make_site_tree()
    group = Group.objects.create(name="编辑")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(group=group, page=home, permission=Permission.objects.get(codename=codename))
    user = django_user_model.objects.create_user("zhang.editor", password="bianji-2026", display_name="张编辑")
    user.groups.add(group)
    return index


def test_editor_writes_previews_schedules_and_the_scheduler_publishes(live_server, desktop, editor, monkeypatch):
    index = editor
    page = desktop
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "zhang.editor")
    page.fill("#id_password", "bianji-2026")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("张编辑").first).to_be_visible()

    # To the article list and its "add child page" button.
    page.goto(live_server.url + f"/admin/pages/{index.pk}/")
    page.get_by_role("link", name=re.compile("添加子页面")).first.click()
    page.wait_for_url(re.compile(r"/admin/pages/add/jindu/articlepage/\d+/$"))
    # Every time the add form is sent (not its preview): the editor's own save, once, and nothing besides it.
    add_url, sent = page.url, []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" and r.url == add_url else None)

    # A Chinese title fills the slug with pinyin.
    page.fill("#id_title", TITLE)
    page.locator("#id_summary").click()
    expect(page.locator("#id_slug")).to_have_value("zhenai-shengming-yuanli-dupin")
    page.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name=re.compile("段落")).first.click()
    body = page.locator("[contenteditable=true]").first
    body.click()
    body.type("毒品会毁掉健康和家庭。")
    page.locator("#id_summary").click()
    # The rich text editor hands its text to the form a moment after it loses focus.
    page.wait_for_function("document.querySelector('[name=body-0-value]').value.includes('家庭')")
    page.keyboard.type("一句话告诉读者为什么要远离毒品。")

    # The preview pane shows the page itself.
    page.locator("[data-side-panel-toggle=preview]").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(preview.get_by_text("毒品会毁掉健康和家庭。")).to_be_visible(timeout=20_000)
    shot(page, "editor-preview")

    # Schedule it for a whole minute (the admin's time field has no seconds) at least four minutes ahead: on a busy
    # machine the steps up to the publish button can take longer than a minute's margin, and the admin then refuses a
    # go-live time already past. The scheduler's clock is moved on below, so the margin costs no time.
    go_live = (timezone.localtime() + datetime.timedelta(minutes=5)).replace(second=0, microsecond=0)
    page.locator("[data-side-panel-toggle=status]").click()
    page.get_by_role("button", name="设置计划").click()
    page.fill("#id_go_live_at", go_live.strftime("%Y-%m-%d %H:%M"))
    page.get_by_role("heading", name="设置发布计划").click()
    # The date picker's calendar can still cover the button for a moment; the click goes to the button.
    page.get_by_role("button", name="保存计划").dispatch_event("click")
    # Saving the schedule saves the new page as a draft and opens it for editing, as the editor sees; the editor waits
    # for that page. The form went to the server once: Wagtail's autosave, which also sent it a moment after the
    # editor's save and so tried to create the page twice, is off (jindu/settings/base.py).
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    page.locator("footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name=re.compile("^(定时发布|发布)$")).click()
    page.wait_for_url(re.compile(rf"/admin/pages/{index.pk}/$"))
    shot(page, "editor-scheduled")
    assert len(sent) == 1, sent

    article = ArticlePage.objects.get(title=TITLE)
    assert article.slug == "zhenai-shengming-yuanli-dupin"
    assert not article.live
    assert article.latest_revision.approved_go_live_at == go_live
    call_command("run_scheduler", "--once", verbosity=0)
    assert page.request.get(live_server.url + "/knowledge/zhenai-shengming-yuanli-dupin/").status == 404

    # Its minute comes, and so does the scheduler `make run` keeps running: the scheduler's clock is moved on to a
    # second past the minute rather than the test waiting out up to five minutes.
    with monkeypatch.context() as clock:
        clock.setattr(timezone, "now", lambda: go_live.astimezone(datetime.UTC) + datetime.timedelta(seconds=1))
        call_command("run_scheduler", "--once", verbosity=0)

    page.goto(live_server.url + "/knowledge/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text("毒品会毁掉健康和家庭。")).to_be_visible()
    shot(page, "editor-live")
