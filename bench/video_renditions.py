"""Benchmark: video renditions on this machine, and what a viewer downloads for the first 30 seconds.

Run from the project root:

    .venv/bin/python bench/video_renditions.py [--seconds 60] [--size 1280x720]

It makes a source like a phone or camera recording (ffmpeg's moving test picture with film grain, a tone on an AAC
track) of --seconds seconds, then runs exactly the commands the worker runs (media/transcoding.py: one H.264/AAC
encode per rendition, then the HLS cut) and prints:
- minutes of source turned into all renditions and playlists per minute of wall time, and per rendition;
- bytes a viewer downloads for the first 30 s of each rendition over HLS (master and variant playlists and the
  segments that start before 30 s), beside the same 30 s of the source file.
No database is touched.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jindu.settings.test")

import django

django.setup()

from media import transcoding  # noqa: E402

FIRST_SECONDS = 30


def make_source(path, seconds, size):
    subprocess.run(
        [
            transcoding.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds}",
            "-vf", "noise=alls=6:allf=t", "-c:v", "libx264", "-preset", "veryfast", "-crf", "26",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", str(path),
        ],
        check=True,
    )  # fmt: skip


def first_seconds_bytes(folder, playlist_name, seconds):
    """Bytes of the variant playlist plus every segment that starts before `seconds`."""
    playlist = folder / playlist_name
    total = playlist.stat().st_size
    start = 0.0
    for duration, segment in re.findall(r"#EXTINF:([\d.]+),\s*\n(\S+)", playlist.read_text()):
        if start >= seconds:
            break
        total += (folder / segment).stat().st_size
        start += float(duration)
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--size", default="1280x720")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jindu-bench-video-") as work:
        work = Path(work)
        source_path = work / "source.mp4"
        make_source(source_path, args.seconds, args.size)
        source = transcoding.probe(source_path)
        rungs = transcoding.rungs_for(source)
        print(f"source: {source.width}x{source.height}, {source.duration:.1f} s, {source_path.stat().st_size:,} bytes")
        print(f"cpu cores: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.2f}")
        rows = []
        started = time.perf_counter()
        for rung in rungs:
            t0 = time.perf_counter()
            mp4 = work / f"{rung.label}.mp4"
            transcoding.run_with_progress(transcoding.encode_command(source_path, mp4, rung, True), lambda s: None)
            encoded = time.perf_counter() - t0
            subprocess.run(
                transcoding.segment_command(mp4, work / f"{rung.label}.m3u8", work / f"{rung.label}_%04d.ts"),
                check=True,
                capture_output=True,
            )
            rows.append((rung, transcoding.probe(mp4), mp4.stat().st_size, encoded, time.perf_counter() - t0))
        wall = time.perf_counter() - started
        master = transcoding.master_playlist(
            [(rung, result, int(size * 8 / source.duration), f"{rung.label}.m3u8") for rung, result, size, *_ in rows],
            True,
        )
        (work / "master.m3u8").write_text(master)
        minutes = source.duration / 60
        print(f"\nall {len(rows)} renditions + HLS: {wall:.1f} s wall = {minutes / (wall / 60):.2f} min of source/min")
        print(f"{'rendition':>10} {'size':>9} {'file bytes':>12} {'kbit/s':>7} {'encode s':>9} {'min/min':>8}"
              f" {'first 30 s (HLS)':>17}")  # fmt: skip
        master_bytes = len(master.encode())
        for rung, result, size, encoded, total in rows:
            first = master_bytes + first_seconds_bytes(work, f"{rung.label}.m3u8", FIRST_SECONDS)
            print(
                f"{rung.label:>10} {result.width}x{result.height:<4} {size:>12,} {size * 8 / source.duration / 1000:>7.0f}"
                f" {encoded:>9.1f} {minutes / (total / 60):>8.2f} {first:>17,}"
            )
        share = min(1.0, FIRST_SECONDS / source.duration)
        print(f"{'source':>10} {source.width}x{source.height:<4} {source_path.stat().st_size:>12,}"
              f" {'':>7} {'':>9} {'':>8} {int(source_path.stat().st_size * share):>17,}  (original, by share)")  # fmt: skip


if __name__ == "__main__":
    main()
