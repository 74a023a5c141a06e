"""One language per page: the English frame has English dates, months and colons; the Chinese one Chinese."""

import datetime
import re

import pytest
from django.conf import settings

from jindu.factories import ArticlePageFactory
from tests.events.conftest import Schedule

pytestmark = pytest.mark.django_db
# Dates and months the way the Chinese formats write them (2026年6月26日, 6月26日, 2026年6月).
CHINESE_DATE = re.compile(r"\d+年\d+月|\d+月\d+日")


@pytest.fixture
def schedule():
    schedule = Schedule()
    ArticlePageFactory(
        parent=schedule.home.get_children().first(), title="冰毒的危害", slug="meth", date=datetime.date(2026, 6, 26)
    )
    return schedule


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_english_frame_writes_dates_months_and_colons_in_english(client, schedule):
    client = english(client)
    article = client.get("/knowledge/meth/").content.decode()
    assert "June 26, 2026" in article
    assert '<html lang="en"' in article and '<main id="main" tabindex="-1" lang="zh-Hans">' in article
    shows = client.get("/shows/").content.decode()
    assert not CHINESE_DATE.search(shows), CHINESE_DATE.findall(shows)[:3]
    today = datetime.date.today()
    assert f">{today:%B} {today.year}</option>" in shows


def test_chinese_frame_keeps_chinese_dates_and_full_width_colons(client, schedule):
    article = client.get("/knowledge/meth/").content.decode()
    assert "2026年6月26日" in article
    assert '<html lang="zh-hans"' in article and 'lang="zh-Hans"' not in article
    shows = client.get("/shows/").content.decode()
    today = datetime.date.today()
    assert f">{today.year}年{today.month}月</option>" in shows
    assert re.search(r"\d+月\d+日 \d\d:\d\d", shows)


def test_labels_take_the_colon_of_their_language(client, schedule):
    page = client.get(schedule.tour.url).content.decode()
    assert "演出语言：" in page
    page = english(client).get(schedule.tour.url).content.decode()
    assert "Language: " in page
    assert "Language：" not in page
