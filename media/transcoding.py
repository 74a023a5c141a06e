"""Renditions of an uploaded video for thin mobile data: H.264/AAC MP4s at 240p, 360p and 720p and an HLS playlist.

    queue_for(media_item)  -> VideoTranscode or None   (post_save calls it; the worker runs transcode after commit)
    transcode(media_id)    -> VideoTranscode            (the task: ffmpeg from the imageio-ffmpeg wheel)
    probe(path)            -> Probe                      (size, duration and audio from `ffmpeg -i`)

Each rendition is encoded once to an MP4 (played directly when a viewer picks a quality, offered by size) and then
cut without re-encoding into HLS segments, with a keyframe every SEGMENT_SECONDS in every rendition so a player can
switch between them at any segment boundary. Sizes above the source are skipped; a source smaller than the lowest
size gets one rendition at its own size. Files go to the default (public) storage in one folder per video and
upload; the folder of an earlier upload is deleted once the new one is in place.
"""

import datetime
import logging
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from media.models import VideoRendition, VideoTranscode

logger = logging.getLogger(__name__)

SEGMENT_SECONDS = 4


@dataclass(frozen=True)
class Rung:
    height: int
    video_bitrate: int
    audio_bitrate: int
    level: str

    @property
    def label(self):
        return f"{self.height}p"


LADDER = (
    Rung(240, 300_000, 64_000, "3.0"),
    Rung(360, 650_000, 96_000, "3.0"),
    Rung(720, 1_800_000, 128_000, "3.1"),
)
MIN_VIDEO_BITRATE = 100_000
H264_CODECS = {"3.0": "avc1.4d401e", "3.1": "avc1.4d401f"}
AAC_CODEC = "mp4a.40.2"


@dataclass(frozen=True)
class Probe:
    width: int
    height: int
    duration: float
    has_audio: bool
    bitrate: int = 0  # bits/s of the whole file, 0 if ffmpeg did not say

    @property
    def short_side(self):
        return min(self.width, self.height)


class TranscodeError(RuntimeError):
    pass


def ffmpeg_exe():
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


DURATION = re.compile(r"Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)")
BITRATE = re.compile(r"Duration: [^\n]*bitrate: (\d+) kb/s")
VIDEO_SIZE = re.compile(r"Stream #[^\n]*?Video: [^\n]*?, (\d{2,5})x(\d{2,5})[ ,\[\n]")
ROTATED = re.compile(r"rotation of -?(90|270)")


def probe(path):
    """What `ffmpeg -i` says about a file: its picture size as shown (rotation applied), duration and audio."""
    result = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)], capture_output=True, text=True, check=False
    )
    output = result.stderr
    size = VIDEO_SIZE.search(output)
    if size is None:
        raise TranscodeError("no video stream")
    width, height = int(size.group(1)), int(size.group(2))
    if ROTATED.search(output):
        width, height = height, width
    duration = DURATION.search(output)
    seconds = int(duration.group(1)) * 3600 + int(duration.group(2)) * 60 + float(duration.group(3)) if duration else 0
    bitrate = BITRATE.search(output)
    return Probe(width, height, seconds, "Audio:" in output, int(bitrate.group(1)) * 1000 if bitrate else 0)


def rungs_for(source):
    """The ladder's sizes not above the source; a smaller source gets one rung at its own (even) size.

    No rendition gets more bits than the source had: a well-compressed upload is not made bigger.
    """
    rungs = [rung for rung in LADDER if rung.height <= source.short_side]
    if not rungs:
        low = LADDER[0]
        rungs = [Rung(max(2, source.short_side // 2 * 2), low.video_bitrate, low.audio_bitrate, low.level)]
    if not source.bitrate:
        return rungs
    return [
        replace(
            rung, video_bitrate=max(MIN_VIDEO_BITRATE, min(rung.video_bitrate, source.bitrate - rung.audio_bitrate))
        )
        for rung in rungs
    ]


def scale_filter(height):
    # The short side becomes `height`, so a portrait phone video gets the same sizes as a landscape one.
    return f"scale=w='if(gt(iw,ih),-2,{height})':h='if(gt(iw,ih),{height},-2)'"


def encode_command(source_path, output, rung, has_audio):
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-y", "-i", str(source_path), "-map", "0:v:0"]
    if has_audio:
        command += ["-map", "0:a:0"]
    command += [
        "-vf", scale_filter(rung.height),
        "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-level", rung.level, "-pix_fmt", "yuv420p",
        "-b:v", str(rung.video_bitrate), "-maxrate", str(rung.video_bitrate * 6 // 5),
        "-bufsize", str(rung.video_bitrate * 2),
        "-force_key_frames", f"expr:gte(t,n_forced*{SEGMENT_SECONDS})", "-sc_threshold", "0",
    ]  # fmt: skip
    if has_audio:
        command += ["-c:a", "aac", "-b:a", str(rung.audio_bitrate), "-ac", "2"]
    command += ["-movflags", "+faststart", "-progress", "pipe:1", str(output)]
    return command


def segment_command(mp4, playlist, segment_pattern):
    return [
        ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(mp4), "-c", "copy",
        "-f", "hls", "-hls_time", str(SEGMENT_SECONDS), "-hls_playlist_type", "vod",
        "-hls_segment_filename", str(segment_pattern), str(playlist),
    ]  # fmt: skip


def run_with_progress(command, on_seconds):
    """Run ffmpeg, calling on_seconds(seconds of output written) as its -progress lines arrive."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        for line in process.stdout:
            key, _sep, value = line.strip().partition("=")
            if key == "out_time_us" and value.lstrip("-").isdigit():
                on_seconds(max(0, int(value)) / 1_000_000)
        errors = process.stderr.read()
    if process.returncode:
        raise TranscodeError(errors.strip().splitlines()[-1] if errors.strip() else f"ffmpeg {process.returncode}")


def source_signature(media_item):
    try:
        size = media_item.file.size
    except OSError:
        size = 0
    return f"{media_item.file.name}:{size}"[:300]


def queue_for(media_item):
    """Mark a video's renditions as waiting and hand them to the worker after commit; None if nothing to do."""
    from media.tasks import transcode_video

    if not settings.JINDU_TRANSCODE_VIDEOS or media_item.type != "video" or not media_item.file:
        return None
    source = source_signature(media_item)
    current = VideoTranscode.objects.filter(media=media_item).first()
    if current is not None and current.source == source and current.status != VideoTranscode.Status.FAILED:
        return None
    state, _created = VideoTranscode.objects.update_or_create(
        media=media_item,
        defaults={"status": VideoTranscode.Status.QUEUED, "percent": 0, "source": source, "error": ""},
    )
    media_id = media_item.pk
    transaction.on_commit(lambda: transcode_video.enqueue(media_id), robust=True)
    return state


class Progress:
    """Writes the percentage done to the VideoTranscode row, at most once a second and only when it moved."""

    def __init__(self, state, total_seconds):
        self.state = state
        self.total = max(total_seconds, 0.001)
        self.done_before = 0.0
        self.last_percent = -1
        self.last_write = 0.0

    def update(self, seconds):
        percent = min(99, int(100 * (self.done_before + seconds) / self.total))
        now = time.monotonic()
        if percent != self.last_percent and now - self.last_write >= 1:
            VideoTranscode.objects.filter(pk=self.state.pk).update(percent=percent)
            self.last_percent, self.last_write = percent, now

    def finish_step(self, seconds):
        self.done_before += seconds


def local_source(media_item, folder):
    """A path ffmpeg can read: the file itself on a local storage, else a copy in `folder`."""
    try:
        return Path(media_item.file.path)
    except NotImplementedError:
        copy = Path(folder) / ("source" + Path(media_item.file.name).suffix)
        with media_item.file.open("rb") as source, copy.open("wb") as target:
            shutil.copyfileobj(source, target)
        return copy


def master_playlist(entries, has_audio):
    lines = ["#EXTM3U", "#EXT-X-VERSION:3"]
    for rung, probe_result, bitrate, playlist_name in entries:
        codecs = H264_CODECS[rung.level] + (f",{AAC_CODEC}" if has_audio else "")
        lines.append(
            f"#EXT-X-STREAM-INF:BANDWIDTH={bitrate * 5 // 4},AVERAGE-BANDWIDTH={bitrate},"
            f'RESOLUTION={probe_result.width}x{probe_result.height},CODECS="{codecs}"'
        )
        lines.append(playlist_name)
    return "\n".join(lines) + "\n"


def store_folder(local_folder, storage_folder):
    """Copy every file of `local_folder` into the storage under `storage_folder`; {local name: stored name}."""
    stored = {}
    for path in sorted(Path(local_folder).iterdir()):
        with path.open("rb") as handle:
            stored[path.name] = default_storage.save(f"{storage_folder}/{path.name}", File(handle, name=path.name))
    return stored


def delete_folder(folder):
    if not folder:
        return
    try:
        _dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")


def transcode(media_id):
    """Make the renditions and HLS playlist of one video; records progress, then done or failed."""
    from wagtailmedia.models import get_media_model

    media_item = get_media_model().objects.filter(pk=media_id).first()
    if media_item is None or media_item.type != "video" or not media_item.file:
        return None
    state, _created = VideoTranscode.objects.get_or_create(media=media_item)
    old_folder = state.folder
    state.status, state.percent, state.error = VideoTranscode.Status.RUNNING, 0, ""
    state.source = source_signature(media_item)
    state.save()
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="jindu-transcode-") as work:
            entries, renditions, folder = encode_all(media_item, state, Path(work))
    except Exception as error:
        logger.exception("Transcoding media %s failed", media_id)
        VideoTranscode.objects.filter(pk=state.pk).update(status=VideoTranscode.Status.FAILED, error=str(error)[:2000])
        state.refresh_from_db()
        return state
    with transaction.atomic():
        VideoRendition.objects.filter(media=media_item).delete()
        VideoRendition.objects.bulk_create(renditions)
        state.status, state.percent, state.folder = VideoTranscode.Status.DONE, 100, folder
        state.hls_master = entries
        state.seconds = round(time.monotonic() - started, 2)
        state.save()
        # bulk_create sends no post_save: start a new page-cache generation so players pick up the renditions.
        transaction.on_commit(page_cache_changed)
    if old_folder and old_folder != folder:
        delete_folder(old_folder)
    return state


def page_cache_changed():
    from jindu import pagecache

    if settings.JINDU_PAGE_CACHE_SECONDS:
        pagecache.new_generation()


def encode_all(media_item, state, work):
    """Encode every rung into `work`, segment it, store it all; (master path, unsaved renditions, folder)."""
    output = work / "out"
    output.mkdir()
    source_path = local_source(media_item, work)
    source = probe(source_path)
    rungs = rungs_for(source)
    progress = Progress(state, source.duration * len(rungs))
    made = []
    for rung in rungs:
        mp4 = output / f"{rung.label}.mp4"
        run_with_progress(encode_command(source_path, mp4, rung, source.has_audio), progress.update)
        progress.finish_step(source.duration)
        subprocess.run(
            segment_command(mp4, output / f"{rung.label}.m3u8", output / f"{rung.label}_%04d.ts"),
            capture_output=True,
            check=True,
        )
        result = probe(mp4)
        size = mp4.stat().st_size
        bitrate = int(size * 8 / source.duration) if source.duration else rung.video_bitrate + rung.audio_bitrate
        made.append((rung, result, bitrate, f"{rung.label}.m3u8", size))
    (output / "master.m3u8").write_text(
        master_playlist([entry[:4] for entry in made], source.has_audio), encoding="utf-8"
    )
    folder = f"media/renditions/{media_item.pk}-{uuid.uuid4().hex[:8]}"
    stored = store_folder(output, folder)
    renditions = [
        VideoRendition(
            media=media_item,
            label=rung.label,
            height=result.height,
            width=result.width,
            bitrate=bitrate,
            file=stored[f"{rung.label}.mp4"],
            size=size,
            playlist=stored[playlist_name],
        )
        for rung, result, bitrate, playlist_name, size in made
    ]
    return stored["master.m3u8"], renditions, folder


def fail_stalled(now=None):
    """Transcodes still "running" with no progress for JINDU_JOB_STALE_MINUTES lost their worker: mark them failed.

    Progress is written at least once a second while ffmpeg runs, so a long silence means the process is gone.
    `manage.py transcode_videos` queues failed videos again. Returns how many were marked.
    """
    from django.utils import timezone
    from django.utils.translation import gettext

    now = now or timezone.now()
    stale = now - datetime.timedelta(minutes=settings.JINDU_JOB_STALE_MINUTES)
    return VideoTranscode.objects.filter(status=VideoTranscode.Status.RUNNING, updated__lt=stale).update(
        status=VideoTranscode.Status.FAILED,
        error=gettext("The worker stopped while transcoding. Run manage.py transcode_videos to try again."),
        updated=now,
    )
