import pytest
from playwright.sync_api import expect
from wagtail.models import Collection

from media.factories import (
    MediaFactory,
    MediaIndexPageFactory,
    PublicityMaterialFactory,
    SubtitleTrackFactory,
    VideoPageFactory,
)
from media.models import DownloadCentrePage
from tests.conftest import make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def root_collection():
    """Images, documents and media need Wagtail's root collection, which a transactional flush removes."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def test_video_page_at_phone_size_shows_player_with_poster_and_subtitles(live_server, phone):
    home, _index = make_site_tree()
    library = MediaIndexPageFactory(parent=home, slug="media")
    media = MediaFactory(title="禁毒宣传视频", duration=20)
    SubtitleTrackFactory(media=media, language="zh-Hans")
    page = VideoPageFactory(parent=library, title="拒绝第一口", media=media, transcript="学会说不，转身离开。")

    phone.goto(live_server.url + page.url)

    video = phone.locator("video.media-player__element")
    expect(video).to_be_visible()
    expect(video).to_have_attribute("poster", page.poster.get_rendition("fill-640x360|format-webp").url)
    expect(video).to_have_attribute("playsinline", "")
    expect(video).to_have_attribute("preload", "metadata")
    track = video.locator('track[kind="subtitles"]')
    expect(track).to_have_attribute("srclang", "zh-Hans")
    expect(track).to_have_attribute("default", "")
    # The browser loaded the track as the showing subtitles.
    phone.wait_for_function(
        "() => { const t = document.querySelector('video').textTracks[0]; return t && t.mode === 'showing'; }"
    )
    box = video.bounding_box()
    assert box["width"] <= 390 and box["height"] > 100
    expect(phone.get_by_role("heading", name="文字稿")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_download_centre_link_downloads_the_file(live_server, phone):
    home, _index = make_site_tree()
    centre = home.add_child(instance=DownloadCentrePage(title="宣传资料下载", slug="downloads"))
    PublicityMaterialFactory(title="禁毒宣传折页")

    phone.goto(live_server.url + centre.url)
    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="下载“禁毒宣传折页”").click()

    download = download_info.value
    assert download.suggested_filename == "禁毒宣传折页.pdf"
    with open(download.path(), "rb") as file:
        assert file.read().startswith(b"%PDF")
