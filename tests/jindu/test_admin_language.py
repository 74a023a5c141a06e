"""The admin in Chinese shows no English: the pages each role opens, read as a person sees them.

Visible text (and the placeholders, titles and labels shown on hover) is collected outside scripts and styles;
every run of Latin letters must be a name or abbreviation on the allow-list below. A new English string in our
code or a Wagtail upgrade that adds untranslated strings fails this test; translate it in the app's catalogue,
or for Wagtail's strings in site/wagtail_locale.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from campaigns.factories import ActivityTypeFactory
from jindu.factories import ArticlePageFactory, MaterialKindFactory, RegionFactory
from media.factories import PublicityMaterialFactory
from schools.models import School, SchoolStaff
from tests.conftest import make_site_tree

# Names, file formats and abbreviations that stay Latin in a Chinese admin.
ALLOWED = {
    "Wagtail",
    "URL",
    "CSV",
    "XLSX",
    "xlsx",
    "Excel",
    "PDF",
    "pdf",
    "Word",
    "WebVTT",
    "WEBVTT",
    "vtt",
    "ICP",
    "GIF",
    "JPG",
    "JPEG",
    "PNG",
    "WEBP",
    "UTF",
    "SVG",
    "MP",
    "API",
    "ID",
    "QR",
    "HTML",
    "txt",
    "wav",
    # The slug field's example address: http://domain.com/work/[my-work]/
    "http",
    "domain",
    "com",
    "work",
    # Data, not interface: Wagtail's root page and its own groups (Wagtail's data migrations look
    # these names up, so they are not renamed), and this test's user names.
    "Root",
    "testserver",
    "Editors",
    "Moderators",
    "editor",
    "office",
    # Wagtail writes these into its templates without a translation (an aria-label, a screen-reader button).
    "Actions",
    "Search",
}
# Dotted model names (jindu.articlepage) on the page types report are identifiers, not words.
IDENTIFIER = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
WORDS = re.compile(r"[A-Za-z][A-Za-z'’]{2,}(?:[ ][A-Za-z][A-Za-z'’]*)*")
SHOWN_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "data-w-tooltip-content-value"}


class VisibleText(HTMLParser):
    """Text a person can read or hear: outside scripts, styles, templates, icons and hidden elements."""

    HIDDEN = {"script", "style", "template", "noscript", "svg"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden_tag, self.hidden_depth = None, 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.hidden_tag:
            self.hidden_depth += tag == self.hidden_tag
            return
        if tag not in self.VOID and (tag in self.HIDDEN or "hidden" in attributes):
            self.hidden_tag, self.hidden_depth = tag, 1
            return
        if "hidden" in attributes or attributes.get("type") == "hidden":
            return
        self.parts += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag == self.hidden_tag:
            self.hidden_depth -= 1
            if not self.hidden_depth:
                self.hidden_tag = None

    def handle_data(self, data):
        if not self.hidden_tag:
            self.parts.append(data)


def english_words(html):
    parser = VisibleText()
    parser.feed(html)
    text = IDENTIFIER.sub(" ", "\n".join(parser.parts))
    words = {word.strip("'’") for word in WORDS.findall(text)}
    return {word for word in words if word not in ALLOWED}


@pytest.fixture
def admin_world(db, django_user_model):
    home, index = make_site_tree()
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()  # Wagtail's "Welcome to your new Wagtail site!"
    article = ArticlePageFactory(parent=index, title="冰毒的危害", slug="meth")
    ActivityTypeFactory(name="禁毒宣讲")
    MaterialKindFactory(name="宣传册")
    PublicityMaterialFactory(title="禁毒折页")
    school = School.objects.create(
        code="S001", name="第一中学", region=RegionFactory(), stage=School._meta.get_field("stage").choices[0][0]
    )
    office = django_user_model.objects.create_superuser("office", password="pw-office-1", display_name="禁毒办管理员")
    teacher = django_user_model.objects.create_user("t-0001", password="pw", display_name="王老师")
    SchoolStaff.objects.create(user=teacher, role=SchoolStaff._meta.get_field("role").choices[0][0], school=school)
    editor = django_user_model.objects.create_user("editor", password="pw-editor-1", display_name="张编辑")
    editor.groups.add(Group.objects.get(name="Editors"))
    return {"home": home, "index": index, "article": article, "office": office, "editor": editor}


def admin_pages(world):
    site = Site.objects.get(is_default_site=True)
    home, index, article = world["home"], world["index"], world["article"]
    root = Page.get_first_root_node()
    return [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{root.pk}/",
        f"/admin/pages/{index.pk}/",
        f"/admin/pages/{article.pk}/edit/",
        f"/admin/pages/{article.pk}/history/",
        f"/admin/pages/add/jindu/articlepage/{index.pk}/",
        f"/admin/pages/{home.pk}/add_subpage/",
        "/admin/pages/search/?q=毒品",
        "/admin/snippets/",
        "/admin/snippets/campaigns/activitytype/",
        "/admin/snippets/jindu/materialkind/",
        "/admin/snippets/campaigns/activityreport/",
        "/admin/campaigns/dashboard/",
        "/admin/materials/",
        "/admin/schoolstaff/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/sites/",
        f"/admin/sites/edit/{site.pk}/",
        "/admin/sites/new/",
        "/admin/settings/jindu/footersettings/",
        "/admin/reports/locked/",
        "/admin/reports/aging-pages/",
        "/admin/reports/site-history/",
        "/admin/reports/page-types-usage/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/media/",
        "/admin/regions/",
    ]


def english_on(client, urls):
    found = {}

    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        words = english_words(response.content.decode())
        if words:
            found[url] = sorted(words)
    return found


@pytest.mark.search_index
@pytest.mark.reference_index
@pytest.mark.django_db
def test_the_office_admin_pages_have_no_english_in_chinese(client, admin_world):
    client.force_login(admin_world["office"])
    assert english_on(client, admin_pages(admin_world)) == {}


@pytest.mark.django_db
def test_the_editor_admin_pages_have_no_english_in_chinese(client, admin_world):
    client.force_login(admin_world["editor"])
    article, index = admin_world["article"], admin_world["index"]
    urls = ["/admin/", "/admin/pages/", f"/admin/pages/{index.pk}/", f"/admin/pages/{article.pk}/edit/"]
    assert english_on(client, urls) == {}


@pytest.mark.django_db
def test_flags_show_as_ticks_titled_in_chinese(client, admin_world):
    client.force_login(admin_world["office"])
    for url in ("/admin/snippets/campaigns/activitytype/", "/admin/materials/"):
        html = client.get(url).content.decode()
        assert "True" not in html
        assert re.search(r'<span class="w-sr-only">\s*是\s*</span>', html), url


@pytest.mark.django_db
def test_user_lists_show_display_names_and_groups_in_chinese(client, admin_world):
    client.force_login(admin_world["office"])
    users = client.get("/admin/users/").content.decode()
    assert "王老师" in users and "张编辑" in users
    staff = client.get("/admin/schoolstaff/").content.decode()
    assert "王老师" in staff and "用户" in staff
    from schools.students import STUDENTS_GROUP

    assert STUDENTS_GROUP == "学生"
