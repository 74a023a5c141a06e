"""A viewer on thin data: the player offers renditions with sizes, keeps 省流量, subtitles and heartbeats going."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect
from wagtail.models import Collection

from jindu.factories import UserFactory
from media import transcoding
from media.clips import make_clip
from media.demo import make_vtt
from media.factories import MediaFactory, MediaIndexPageFactory, SubtitleTrackFactory, VideoPageFactory
from media.models import VideoRendition, WatchProgress
from tests.browser.conftest import PHONE, shot, staff_sign_in
from tests.conftest import make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIP_SECONDS = 6  # past 2 s before and after the switch to 省流量, with heartbeats every 2 s (player.js)


@pytest.fixture
def transcoded_page():
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    home, _index = make_site_tree()
    library = MediaIndexPageFactory(parent=home, slug="media")
    media_item = MediaFactory(
        title="拒绝毒品（多清晰度）",
        duration=CLIP_SECONDS,
        file=ContentFile(make_clip("renditions", CLIP_SECONDS, size=(640, 360), tone=True), name="source.mp4"),
    )
    SubtitleTrackFactory(media=media_item, content=make_vtt(["毒品会让人上瘾。", "珍爱生命，远离毒品。"], CLIP_SECONDS))
    transcoding.transcode(media_item.pk)  # what the worker does after the upload
    page = VideoPageFactory(parent=library, title="拒绝第一口", media=media_item)
    UserFactory(username="zhang.wei")
    return page, media_item


def test_viewer_switches_to_data_saver_keeps_subtitles_and_heartbeats(live_server, phone, transcoded_page):
    page, media_item = transcoded_page
    lowest, higher = VideoRendition.objects.filter(media=media_item).for_player()
    requested = []
    phone.on("request", lambda request: requested.append(request.url))
    staff_sign_in(phone, live_server.url, "zhang.wei")
    phone.goto(live_server.url + "/media/")
    phone.get_by_role("link", name="拒绝第一口").first.click()

    video = phone.locator("video.media-player__element")
    expect(video).to_be_visible()
    quality = phone.get_by_label("清晰度")
    expect(quality).to_be_visible()
    # Each choice says how much it downloads; the page starts adaptive, at the lowest size.
    options = quality.locator("option").all_inner_texts()
    assert options[0] == "自动"
    assert options[1].startswith("流畅 240p · ") and options[2].startswith("标清 360p · ")
    assert "KB" in options[1] or "字节" in options[1]
    phone.wait_for_function(
        "() => { const t = document.querySelector('video').textTracks[0]; return t && t.mode === 'showing'; }"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "renditions-01-page")

    # Play once the player has picked its source, then turn on 省流量 mid-way: the lowest file, nothing preloaded, the place and subtitles kept.
    expect(phone.locator("[data-media-player][data-quality-ready]")).to_be_attached()
    with phone.expect_request(lambda request: "heartbeat" in request.url):
        video.click()
    phone.wait_for_function("() => document.querySelector('video').currentTime > 2")
    # Adaptive HLS (hls.js in Chromium, or the browser's own), starting with the lowest rendition's playlist.
    source = phone.evaluate("document.querySelector('video').currentSrc")
    assert source.startswith("blob:") or source.endswith("master.m3u8")
    variants = [url.rsplit("/", 1)[-1] for url in requested if url.endswith("p.m3u8")]
    assert variants[0] == "240p.m3u8"
    phone.get_by_label("省流量").check()
    phone.wait_for_function(
        "src => { const v = document.querySelector('video'); return v.currentSrc.endsWith(src) && !v.paused "
        "&& v.currentTime > 2; }",
        arg=lowest.url,
    )
    assert phone.evaluate("document.querySelector('video').preload") == "none"
    expect(quality).to_be_disabled()
    assert phone.evaluate("document.querySelector('video').textTracks[0].mode") == "showing"
    shot(phone, "renditions-02-data-saver")

    # Heartbeats go on after the switch and the credit keeps growing with real playing time.
    with phone.expect_request(lambda request: "heartbeat" in request.url, timeout=15_000):
        pass
    phone.wait_for_function("() => document.querySelector('video').ended", timeout=(CLIP_SECONDS + 10) * 1000)
    expect(phone.locator("[data-progress]")).to_have_text("已完整观看", timeout=10_000)
    progress = WatchProgress.objects.get(media=media_item)
    assert progress.watched and progress.credited_seconds >= 0.9 * CLIP_SECONDS

    # 省流量 is remembered on the next visit.
    phone.reload()
    expect(phone.get_by_label("省流量")).to_be_checked()
    assert phone.evaluate("document.querySelector('video').preload") == "none"
    assert phone.evaluate("document.querySelector('video').currentSrc || ''") in ("", live_server.url + lowest.url)
    assert higher.size > lowest.size
