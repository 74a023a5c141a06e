"""Build the demo site: regions, home page, articles, footer and menu. Safe to run twice."""

import datetime
import io
import json
import secrets
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from jindu.accounts import public_sign_in_url
from jindu.batching import index_once
from jindu.demo.articles import ARTICLES
from jindu.demo.images import make_picture
from jindu.models import ArticleIndexPage, ArticlePage, FooterSettings, HomePage, MainMenu, MainMenuItem
from jindu.public_address import set_public_address
from jindu.region_import import import_regions

DEMO_DIR = Path(__file__).resolve().parent
SITE_NAME = "禁毒宣教平台"


def stream_data(blocks):
    """Our compact (type, value) tuples as the raw JSON a StreamField stores."""
    data = []
    for block_type, value in blocks:
        if block_type == "table":
            value = {
                "data": [value["header"], *value["rows"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": value.get("caption", ""),
            }
        data.append({"type": block_type, "value": value})
    return json.dumps(data, ensure_ascii=False)


def load_regions(log):
    result = import_regions((DEMO_DIR / "regions.csv").read_bytes())
    if not result.ok:
        raise RuntimeError("; ".join(str(error) for error in result.errors))
    log(f"Regions: {result.created} created, {result.updated} updated, {result.unchanged} unchanged.")


def load_home():
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(
            title="珍爱生命 远离毒品",
            slug="jindu",
            intro="了解毒品危害，学会拒绝，守护家人和自己。",
            hotline_note="发现涉毒线索，请拨打举报电话",
            seo_title=SITE_NAME,
            search_description="禁毒知识、法律法规、宣传活动和本地方言文艺演出信息。",
        )
    )
    site = Site.objects.filter(is_default_site=True).first()
    welcome = site.root_page if site else None
    if site:
        site.root_page = home
        site.site_name = SITE_NAME
        site.save()
    else:
        Site.objects.create(hostname="127.0.0.1", port=8000, root_page=home, is_default_site=True, site_name=SITE_NAME)
    # Wagtail's "Welcome to your new Wagtail site!" placeholder.
    if welcome and welcome.specific_class is Page and not welcome.get_children().exists():
        welcome.delete()
    return home


def load_article_index(home):
    index = ArticleIndexPage.objects.child_of(home).first()
    if index:
        return index
    return home.add_child(
        instance=ArticleIndexPage(
            title="禁毒知识",
            slug="knowledge",
            intro="认识毒品的种类和危害，了解法律规定，学会保护自己和家人。",
        )
    )


def demo_image(title, seed):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image:
        return image
    picture = ImageFile(io.BytesIO(make_picture(seed)), name=f"demo-{seed}.png")
    return Image.objects.create(title=title, description=f"抽象的彩色圆形图案，作为《{title}》的配图", file=picture)


def load_articles(index, log):
    existing = set(ArticlePage.objects.child_of(index).values_list("slug", flat=True))
    created = 0
    for article in ARTICLES:
        if article["slug"] in existing:
            continue
        image = demo_image(article["title"], article["slug"])
        page = ArticlePage(
            title=article["title"],
            slug=article["slug"],
            date=datetime.date.fromisoformat(article["date"]),
            summary=article["summary"],
            body=stream_data(article["body"]),
            listing_image=image,
            listing_image_alt=image.description,
        )
        index.add_child(instance=page)
        page.tags.set(article["tags"])
        page.save_revision().publish()
        created += 1
    log(f"Articles: {created} created, {len(ARTICLES) - created} already there.")


def load_settings(home, index):
    site = Site.objects.get(root_page=home)
    footer = FooterSettings.for_site(site)
    if not footer.organisation:
        footer.organisation = "禁毒宣教平台示范站（演示数据）"
        footer.address = "演示地址：某区人民路 1 号"
        footer.hotline = "0773-1234567"
        footer.icp_number = "桂ICP备00000000号-1（演示）"
        footer.police_record_number = "桂公网安备 00000000000000号（演示）"
        footer.save()
    menu = MainMenu.for_site(site)
    if not menu.items.exists():
        menu.items = [
            MainMenuItem(link_page=home, label="首页"),
            MainMenuItem(link_page=index),
            MainMenuItem(link_url="/search/", label="搜索"),
        ]
        menu.save()


def search_last_in_menu(home):
    """Feature apps append their pages to the menu; keep the search link at the end."""
    menu = MainMenu.for_site(Site.objects.get(root_page=home))
    items = sorted(menu.items.all(), key=lambda item: (item.link_url == "/search/", item.sort_order, item.pk))
    for position, item in enumerate(items):
        if item.sort_order != position:
            MainMenuItem.objects.filter(pk=item.pk).update(sort_order=position)


def load_admin(log):
    """A local superuser with a fresh random password, printed once (development only)."""
    if not settings.DEBUG:
        log("Admin account skipped: DEBUG is off.")
        return
    User = get_user_model()
    password = secrets.token_urlsafe(12)
    user, created = User.objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True})
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    log(
        f"Sign in as the admin (网站管理员) at {public_sign_in_url(staff=True)} with username admin, "
        f"password {password} ({'created' if created else 'reset'}; editors may also use /admin/)"
    )


# Each feature app may add its demo content in `<app>/demo.py` with `load_demo(home, log)`.
FEATURE_APPS = ("media", "education", "events", "campaigns")


def load_feature_apps(home, log):
    for app in FEATURE_APPS:
        try:
            module = import_module(f"{app}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.demo":
                raise
            continue
        module.load_demo(home, log)


def load_demo(log=print):
    with transaction.atomic(), index_once():
        load_regions(log)
        home = load_home()
        # Links that leave the screen (QR codes, og:url, sitemap) name the address `make run` serves.
        set_public_address(settings.WAGTAILADMIN_BASE_URL)
        index = load_article_index(home)
        load_articles(index, log)
        load_settings(home, index)
        load_feature_apps(home, log)
        search_last_in_menu(home)
    load_admin(log)
