"""Renditions made by the worker's task from a short generated clip: sizes, sound, playlists, progress, admin."""

import io
import re
import subprocess
from pathlib import Path

import imageio_ffmpeg
import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse
from wagtailmedia.models import get_media_model

from media import transcoding
from media.clips import make_clip
from media.factories import MediaFactory
from media.models import VideoRendition, VideoTranscode

Media = get_media_model()


def stream_info(path):
    """(width, height, has AAC audio) of a file, read from `ffmpeg -i` as a person would read ffprobe."""
    output = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True
    ).stderr
    size = re.search(r"Video: h264[^\n]*?, (\d+)x(\d+)", output)
    return int(size.group(1)), int(size.group(2)), bool(re.search(r"Audio: aac", output))


@pytest.fixture(scope="class")
def transcoded(django_db_setup, django_db_blocker, tmp_path_factory):
    """A 6-second 640x360 clip with sound, uploaded once with transcoding on; the task ran in the worker backend."""
    root = tmp_path_factory.mktemp("uploads")
    with override_settings(MEDIA_ROOT=root, JINDU_TRANSCODE_VIDEOS=True), django_db_blocker.unblock():
        media_item = Media.objects.create(
            title="转码测试", type="video", duration=6,
            file=ContentFile(make_clip("transcode", seconds=6, size=(640, 360), tone=True), name="source.mp4"),
        )  # fmt: skip
        # Saving queues the task on commit; outside a transaction that is at once, with the immediate backend.
        yield root, Media.objects.get(pk=media_item.pk)
        media_item.delete()


@pytest.mark.django_db
class TestTranscodedClip:
    @pytest.fixture(autouse=True)
    def same_uploads(self, settings, transcoded):
        settings.MEDIA_ROOT = transcoded[0]

    def test_renditions_stop_at_the_source_size(self, transcoded):
        _root, media_item = transcoded
        renditions = list(VideoRendition.objects.filter(media=media_item).for_player())
        assert [(r.label, r.width, r.height) for r in renditions] == [("240p", 426, 240), ("360p", 640, 360)]

    def test_each_rendition_is_h264_with_aac_at_its_size(self, transcoded):
        root, media_item = transcoded
        for rendition in VideoRendition.objects.filter(media=media_item):
            path = Path(rendition.file.path)
            assert str(path).startswith(str(root))
            assert stream_info(path) == (rendition.width, rendition.height, True)
            assert rendition.size == path.stat().st_size
            assert 50_000 < rendition.bitrate < 1_500_000

    def test_lower_rendition_is_smaller(self, transcoded):
        sizes = list(VideoRendition.objects.filter(media=transcoded[1]).for_player().values_list("size", flat=True))
        assert sizes[0] < sizes[1]

    def test_master_playlist_lists_renditions_lowest_first(self, transcoded):
        state = VideoTranscode.objects.get(media=transcoded[1])
        assert state.status == VideoTranscode.Status.DONE and state.percent == 100 and state.seconds > 0
        master = Path(transcoded[0], state.hls_master).read_text()
        assert master.startswith("#EXTM3U")
        assert re.findall(r"RESOLUTION=(\d+x\d+)", master) == ["426x240", "640x360"]
        assert re.findall(r"^(\S+\.m3u8)$", master, re.M) == ["240p.m3u8", "360p.m3u8"]
        assert 'CODECS="avc1.4d401e,mp4a.40.2"' in master
        assert state.hls_url.startswith("/")

    def test_variant_playlists_cover_the_clip_in_segments_that_exist(self, transcoded):
        state = VideoTranscode.objects.get(media=transcoded[1])
        folder = Path(transcoded[0], state.hls_master).parent
        for rendition in VideoRendition.objects.filter(media=transcoded[1]):
            playlist = Path(transcoded[0], rendition.playlist).read_text()
            assert "#EXT-X-ENDLIST" in playlist
            durations = [float(value) for value in re.findall(r"#EXTINF:([\d.]+),", playlist)]
            assert len(durations) >= 2 and sum(durations) == pytest.approx(6, abs=0.5)
            for segment in re.findall(r"^(\S+\.ts)$", playlist, re.M):
                assert (folder / segment).stat().st_size > 0
                # Cut from the same keyframes in every rendition, so a player can switch at any segment.
                assert segment.startswith(rendition.label)

    def test_saving_again_without_a_new_file_does_not_transcode_again(
        self, transcoded, django_capture_on_commit_callbacks
    ):
        media_item = transcoded[1]
        with override_settings(JINDU_TRANSCODE_VIDEOS=True), django_capture_on_commit_callbacks() as callbacks:
            media_item.title = "改个标题"
            media_item.save()
        assert callbacks == []

    def test_admin_lists_status_and_original_for_editors(self, transcoded, admin_client):
        response = admin_client.get(reverse("media_transcodes:index"))
        assert response.status_code == 200
        assert "完成" in response.content.decode()
        assert transcoded[1].file.url in response.content.decode()


@pytest.mark.django_db
def test_small_source_gets_one_rendition_at_its_own_size(settings, django_capture_on_commit_callbacks):
    media_item = MediaFactory(title="小视频", duration=8)  # the 320x180 demo clip: below 240p
    settings.JINDU_TRANSCODE_VIDEOS = True
    state = transcoding.transcode(media_item.pk)
    assert state.status == VideoTranscode.Status.DONE
    assert list(VideoRendition.objects.filter(media=media_item).values_list("label", "width", "height")) == [
        ("180p", 320, 180)
    ]


@pytest.mark.django_db
def test_upload_queues_transcoding_after_commit_and_shows_waiting(settings, django_capture_on_commit_callbacks):
    settings.JINDU_TRANSCODE_VIDEOS = True
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        media_item = MediaFactory(title="新上传", duration=8)
    assert len(callbacks) == 1
    state = VideoTranscode.objects.get(media=media_item)
    assert state.status == VideoTranscode.Status.QUEUED
    assert str(state.status_text()) == "等待转码"


@pytest.mark.django_db
def test_broken_upload_is_marked_failed_not_raised(settings):
    media_item = MediaFactory(title="坏文件", duration=8, file=ContentFile(b"not a video", name="broken.mp4"))
    state = transcoding.transcode(media_item.pk)
    assert state.status == VideoTranscode.Status.FAILED
    assert state.error
    assert not VideoRendition.objects.filter(media=media_item).exists()


@pytest.mark.django_db
def test_running_status_shows_percent():
    state = VideoTranscode(status=VideoTranscode.Status.RUNNING, percent=42)
    assert str(state.status_text()) == "转码中 42%"


@pytest.mark.django_db
def test_housekeeping_marks_a_transcode_whose_worker_died_failed(settings):
    import datetime

    from django.utils import timezone

    from jindu.jobs.tasks import housekeeping

    stalled = VideoTranscode.objects.create(media=MediaFactory(), status=VideoTranscode.Status.RUNNING, percent=40)
    alive = VideoTranscode.objects.create(media=MediaFactory(), status=VideoTranscode.Status.RUNNING, percent=10)
    long_ago = timezone.now() - datetime.timedelta(minutes=settings.JINDU_JOB_STALE_MINUTES + 1)
    VideoTranscode.objects.filter(pk=stalled.pk).update(updated=long_ago)
    assert housekeeping.call()["dead transcodes"] == 1
    stalled.refresh_from_db()
    alive.refresh_from_db()
    assert stalled.status == VideoTranscode.Status.FAILED and "transcode_videos" in stalled.error
    assert alive.status == VideoTranscode.Status.RUNNING


@pytest.mark.django_db
def test_command_queues_only_videos_without_renditions(settings, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    done = MediaFactory(title="已转码", duration=8)
    VideoTranscode.objects.create(media=done, status=VideoTranscode.Status.DONE)
    waiting = MediaFactory(title="旧视频", duration=8)
    MediaFactory(title="歌曲", type="audio", duration=8)
    settings.JINDU_TRANSCODE_VIDEOS = True
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("transcode_videos", stdout=io.StringIO())
    assert len(callbacks) == 1
    assert VideoTranscode.objects.get(media=waiting).status == VideoTranscode.Status.QUEUED
    assert VideoTranscode.objects.get(media=done).status == VideoTranscode.Status.DONE


@pytest.mark.django_db
def test_deleting_a_video_deletes_its_renditions(settings, django_capture_on_commit_callbacks):
    media_item = MediaFactory(title="将删除", duration=8)
    state = transcoding.transcode(media_item.pk)
    folder = Path(settings.MEDIA_ROOT, state.folder)
    assert any(folder.iterdir())
    with django_capture_on_commit_callbacks(execute=True):
        media_item.delete()
    assert not any(folder.iterdir())


@pytest.mark.django_db
def test_transcoding_again_replaces_the_earlier_folder(settings):
    media_item = MediaFactory(title="重新上传", duration=8)
    first = Path(settings.MEDIA_ROOT, transcoding.transcode(media_item.pk).folder)
    second = Path(settings.MEDIA_ROOT, transcoding.transcode(media_item.pk).folder)
    assert first != second and any(second.iterdir()) and not any(first.iterdir())
    assert VideoRendition.objects.filter(media=media_item).count() == 1


def test_ladder_skips_sizes_above_the_source_and_never_adds_bits():
    phone = transcoding.Probe(width=1080, height=1920, duration=60, has_audio=True, bitrate=12_000_000)
    assert [(rung.label, rung.video_bitrate) for rung in transcoding.rungs_for(phone)] == [
        ("240p", 300_000),
        ("360p", 650_000),
        ("720p", 1_800_000),
    ]
    thrifty = transcoding.Probe(width=854, height=480, duration=60, has_audio=True, bitrate=500_000)
    assert [(rung.label, rung.video_bitrate) for rung in transcoding.rungs_for(thrifty)] == [
        ("240p", 300_000),
        ("360p", 404_000),
    ]
