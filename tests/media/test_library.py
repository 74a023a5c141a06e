import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page

from jindu.batching import index_once
from jindu.factories import ArticlePageFactory, DialectFactory
from jindu.models import Dialect
from media.factories import MediaFactory, MediaIndexPageFactory, SubtitleTrackFactory, VideoPageFactory
from media.models import MediaIndexPage, VideoPage, VideoPageRelatedArticle
from tests.conftest import make_site_tree
from tests.module_rows import rolled_back, shared_uploads

pytestmark = pytest.mark.django_db


def titles(response):
    return [item.title for item in response.context["items"]]


module_uploads, uploads_in_tmp = shared_uploads()


@pytest.fixture(scope="module")
def mixed_library_rows(django_db_setup, django_db_blocker, module_uploads):
    """Three items of two kinds and three dialects, built once for the module and rolled back at its end."""
    with rolled_back(django_db_blocker, module_uploads):
        home, _index = make_site_tree()
        library = MediaIndexPageFactory(parent=home, slug="media")
        gelong = DialectFactory(name="哥隆话")
        VideoPageFactory(parent=library, title="拒绝第一口", tags=["微电影"])
        VideoPageFactory(
            parent=library, title="哥隆话村歌", media=MediaFactory(type="audio", duration=16), dialect=gelong
        )
        VideoPageFactory(parent=library, title="粤语小品", dialect=DialectFactory(name="粤语"), tags=["小品"])
        yield library.pk, gelong.pk


@pytest.fixture
def mixed_library(db, mixed_library_rows):
    """This test's own instance of the shared library, in its own savepoint."""
    library_pk, gelong_pk = mixed_library_rows
    library = MediaIndexPage.objects.get(pk=library_pk)
    library.gelong = Dialect.objects.get(pk=gelong_pk)
    return library


def test_library_lists_every_item_newest_first(client, mixed_library):
    response = client.get(mixed_library.url)

    assert response.status_code == 200
    assert set(titles(response)) == {"拒绝第一口", "哥隆话村歌", "粤语小品"}
    assert "全部方言" in response.content.decode()


def test_library_filters_by_kind(client, mixed_library):
    assert titles(client.get(mixed_library.url, {"kind": "audio"})) == ["哥隆话村歌"]
    assert "哥隆话村歌" not in titles(client.get(mixed_library.url, {"kind": "video"}))


def test_library_filters_by_dialect_and_tag(client, mixed_library):
    assert titles(client.get(mixed_library.url, {"dialect": mixed_library.gelong.pk})) == ["哥隆话村歌"]
    assert titles(client.get(mixed_library.url, {"tag": "小品"})) == ["粤语小品"]
    assert titles(client.get(mixed_library.url, {"tag": "小品", "kind": "audio"})) == []


def test_library_ignores_unknown_filter_values(client, mixed_library):
    response = client.get(mixed_library.url, {"kind": "<script>", "dialect": "klingon"})
    unused = DialectFactory(name="桂柳话")
    not_a_dialect = client.get(mixed_library.url, {"dialect": unused.pk})

    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert len(titles(not_a_dialect)) == 3


def test_empty_filter_result_says_so_in_chinese(client, mixed_library):
    response = client.get(mixed_library.url, {"tag": "没有这个标签"})

    assert "没有符合筛选条件的影音" in response.content.decode()


def test_library_paginates_and_keeps_the_filter_in_page_links(client, library):
    hakka = DialectFactory(name="客家话")
    with index_once():
        for number in range(14):
            VideoPageFactory(parent=library, title=f"短片{number}", dialect=hakka)

    first = client.get(library.url, {"dialect": hakka.pk})
    second = client.get(library.url, {"dialect": hakka.pk, "page": 2})

    assert len(first.context["items"]) == 12
    assert len(second.context["items"]) == 2
    assert f"?dialect={hakka.pk}&amp;page=2" in first.content.decode()


def test_library_query_count_does_not_grow_with_items(client, library):
    VideoPageFactory(parent=library, tags=["微电影"])
    with CaptureQueriesContext(connection) as few:
        client.get(library.url)
    with index_once():
        for number in range(8):
            VideoPageFactory(
                parent=library, tags=["微电影", f"标签{number}"], dialect=DialectFactory(name=f"方言{number}")
            )
    client.get(library.url)  # renditions of the new posters are made on first view

    with CaptureQueriesContext(connection) as many:
        response = client.get(library.url)

    assert len(response.context["items"]) == 9
    assert len(many) == len(few)


def test_video_page_shows_the_player_with_poster_and_mandarin_subtitles(client, library):
    media = MediaFactory()
    SubtitleTrackFactory(media=media, language="en")
    SubtitleTrackFactory(media=media, language="zh-Hans")
    page = VideoPageFactory(parent=library, media=media, transcript="家家户户来禁毒")

    html = client.get(page.url).content.decode()

    assert 'preload="metadata"' in html
    assert "playsinline" in html
    assert 'poster="/uploads/images/' in html
    assert f'<source src="{media.url}" type="video/mp4">' in html
    mandarin = html.index('srclang="zh-Hans"')
    assert html.index('<track kind="subtitles"') < mandarin < html.index('srclang="en"')
    assert 'label="普通话（简体中文）" default>' in html
    assert 'srclang="en" label="英语">' in html
    assert "文字稿" in html and "家家户户来禁毒" in html


def test_audio_with_subtitles_plays_in_a_video_element_so_subtitles_show(client, library):
    song = MediaFactory(type="audio", duration=16)
    SubtitleTrackFactory(media=song)
    page = VideoPageFactory(parent=library, media=song, poster=None)

    html = client.get(page.url).content.decode()

    assert "<video" in html
    assert 'type="audio/' in html
    assert '<track kind="subtitles"' in html


def test_audio_without_subtitles_or_poster_uses_the_audio_element(client, library):
    page = VideoPageFactory(parent=library, media=MediaFactory(type="audio", duration=16), poster=None)

    html = client.get(page.url).content.decode()

    assert "<audio" in html and "<video" not in html


def test_heartbeat_endpoint_is_given_to_signed_in_viewers_only(client, library, student):
    page = VideoPageFactory(parent=library)

    assert "data-heartbeat-url" not in client.get(page.url).content.decode()
    client.force_login(student)
    html = client.get(page.url).content.decode()
    assert f'data-heartbeat-url="{reverse("media:heartbeat")}"' in html
    assert "data-csrf-token=" in html


def test_video_page_lists_live_related_articles_only(client, library, site_tree):
    _home, index = site_tree
    live = ArticlePageFactory(parent=index, title="冰毒的危害")
    draft = ArticlePageFactory(parent=index, title="草稿文章", live=False)
    page = VideoPageFactory(parent=library)
    VideoPageRelatedArticle.objects.create(page=page, article=live)
    VideoPageRelatedArticle.objects.create(page=page, article=draft)

    html = client.get(page.url).content.decode()

    assert "冰毒的危害" in html and "草稿文章" not in html


def test_video_page_requires_a_duration_for_tracking(library):
    page = VideoPage(title="无时长", slug="no-duration", media=MediaFactory(duration=0), summary="…")

    with pytest.raises(Exception, match="duration|时长"):
        page.full_clean()


@pytest.mark.search_index
def test_public_search_finds_media_by_transcript_and_summary(client, library):
    VideoPageFactory(parent=library, title="村歌", summary="方言演唱", transcript="陌生东西莫乱拿，发现线索快报告")

    by_transcript = client.get("/search/", {"q": "线索"})
    by_summary = client.get("/search/", {"q": "方言"})

    assert [page.title for page in by_transcript.context["results"]] == ["村歌"]
    assert [page.title for page in by_summary.context["results"]] == ["村歌"]


@pytest.mark.search_index
def test_admin_media_chooser_search_finds_chinese_titles(admin_client):
    MediaFactory(title="禁毒宣传视频")
    MediaFactory(title="校园安全讲座")

    response = admin_client.get(reverse("wagtailmedia:chooser"), {"q": "禁毒"})

    html = response.content.decode()
    assert "禁毒宣传视频" in html
    assert "校园安全讲座" not in html


def test_editor_can_create_a_video_page_under_the_library(admin_client, library):
    media = MediaFactory()

    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["media", "videopage", library.pk]),
        {
            "title": "新的禁毒短片",
            "slug": "new-film",
            "media": media.pk,
            "summary": "短片简介",
            "transcript": "",
            "dialect": DialectFactory(name="普通话").pk,
            "date": "2026-06-26",
            "tags": "",
            "related_articles-TOTAL_FORMS": "0",
            "related_articles-INITIAL_FORMS": "0",
            "related_articles-MIN_NUM_FORMS": "0",
            "related_articles-MAX_NUM_FORMS": "1000",
            "action-publish": "publish",
        },
    )

    assert response.status_code == 302
    assert Page.objects.get(slug="new-film").live
    assert VideoPage.objects.get(slug="new-film").dialect.name == "普通话"
