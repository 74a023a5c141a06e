"""The working pages of the latest features (inbox, jobs, tip-offs, share box) read in Chinese, and in English once
the reader picks English with the language switch."""

import pytest
from django.urls import reverse

from campaigns.demo import _tip_off_page
from campaigns.models import TipOff, TipOffPage
from jindu.factories import ArticlePageFactory
from jindu.models import Job, NotificationKind
from jindu.notifications import notify
from tests.campaigns.conftest import make_people, make_regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(site_tree):
    """The district office with a message, a finished export and a tip-off waiting."""
    home, _index = site_tree
    regions = make_regions()
    people = make_people(regions)
    notify(people.office, NotificationKind.JOB_FINISHED, "导出完成：2024年报表", url="/jobs/")
    job = Job.objects.create(owner=people.office, kind="campaign_export", title="2024年报表", status=Job.Status.DONE)
    _tip_off_page(home, regions.district, lambda message: None)
    page = TipOffPage.objects.get()
    TipOff.objects.create(page=page, region=page.region, form_data={"fasheng_didian": "竹山村村口"})
    return people.office, job


def pages(client, job):
    return {
        name: client.get(address).content.decode()
        for name, address in {
            "inbox": reverse("inbox"),
            "jobs": reverse("jobs:list"),
            "job": reverse("jobs:detail", args=[job.pk]),
            "tip-offs": reverse("campaigns:tip_off_list"),
        }.items()
    }


CHINESE = {
    "inbox": ["消息", "全部标为已读", "导出完成：2024年报表"],
    "jobs": ["我的任务", "大批量的导出和导入在这里进行"],
    "job": ["我的任务", "完成"],
    "tip-offs": ["举报线索", "导出 Excel"],
}
ENGLISH = {
    "inbox": ["Messages", "Mark all as read", "1 unread message"],
    "jobs": ["My jobs", "Big exports and imports run here while you do other work."],
    "job": ["My jobs", "Status:", "Done"],
    "tip-offs": ["Tip-offs", "Export to Excel", "Handled"],
}


def test_inbox_jobs_and_tip_offs_read_in_chinese_then_in_english(client, office):
    user, job = office
    client.force_login(user)
    for name, html in pages(client, job).items():
        for text in CHINESE[name]:
            assert text in html, (name, text)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for name, html in pages(client, job).items():
        assert '<html lang="en"' in html, name
        for text in ENGLISH[name]:
            assert text in html, (name, text)
        for text in CHINESE[name][:2]:
            assert text not in html, (name, text)


def test_the_share_box_and_region_levels_drop_their_chinese_in_english(client, site_tree):
    from jindu.models.regions import RegionLevel

    _home, index = site_tree
    article = ArticlePageFactory(parent=index, title="认识冰毒", slug="bing-du")
    assert "本页链接" in client.get(article.url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Link to this page" in client.get(article.url).content.decode()

    from django.utils import translation

    with translation.override("en"):
        assert [str(label) for label in RegionLevel.labels] == [
            "City",
            "District or county",
            "Town or street",
            "Village or community",
        ]
    with translation.override("zh-hans"):
        assert "区/县" in str(RegionLevel.DISTRICT.label)
