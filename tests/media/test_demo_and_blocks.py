import json

import pytest
from wagtail.models import Site

from jindu.factories import ArticlePageFactory
from jindu.models import MainMenu
from media import demo
from media.factories import MediaFactory, SubtitleTrackFactory
from media.models import PublicityMaterial, SubtitleTrack, VideoPage

pytestmark = pytest.mark.django_db


def test_demo_adds_playable_items_with_subtitles_and_a_download_centre_and_is_idempotent(client, site_tree):
    home, _index = site_tree
    logs = []

    demo.load_demo(home, logs.append)
    demo.load_demo(home, logs.append)

    assert VideoPage.objects.filter(media__type="video").count() == 2
    assert VideoPage.objects.filter(media__type="audio").count() == 1
    assert SubtitleTrack.objects.filter(language="zh-Hans").count() == 3
    assert not VideoPage.objects.filter(poster__isnull=True).exists()
    assert PublicityMaterial.objects.count() == 3
    assert logs[-2:] == [
        "Media library: 0 items created, 3 already there.",
        "Download centre: 0 materials created, 3 already there.",
    ]
    menu = MainMenu.for_site(Site.objects.get(root_page=home))
    assert menu.items.filter(link_page__slug__in=["media", "downloads"]).count() == 2
    song = VideoPage.objects.get(media__type="audio")
    html = client.get(song.url).content.decode()
    assert '<track kind="subtitles"' in html and "哥隆话" in html


def test_demo_song_is_a_real_wav_of_the_stated_length():
    import io
    import wave

    with wave.open(io.BytesIO(demo.make_song(3))) as song:
        assert song.getnframes() / song.getframerate() == 3


def test_video_block_in_an_article_renders_the_player_with_subtitles(client, site_tree):
    _home, index = site_tree
    media = MediaFactory(title="文章里的视频")
    SubtitleTrackFactory(media=media)
    body = json.dumps(
        [
            {"type": "paragraph", "value": "<p>先看一段短片。</p>"},
            {"type": "video", "value": {"video": media.pk, "poster": None, "caption": "禁毒短片"}},
            {"type": "audio", "value": {"audio": MediaFactory(type="audio").pk, "caption": "村歌"}},
        ]
    )
    article = ArticlePageFactory(parent=index, body=body)

    html = client.get(article.url).content.decode()

    assert html.count('<video class="media-player__element"') == 1
    assert html.count('<audio class="media-player__element"') == 1
    assert '<track kind="subtitles"' in html
    assert "<figcaption>禁毒短片</figcaption>" in html
    assert html.count("media/player.js") == 2  # included per player, run once by its guard
