"""Short generated video clips for demo lessons and browser tests.

Frames are drawn with Pillow and encoded as H.264 MP4 (the format editors are asked to upload, and the one
every phone browser and WeChat plays) by the static ffmpeg that the imageio-ffmpeg wheel ships, so nothing
has to be installed by hand. A clip of a few seconds is a few kilobytes.
"""

import io
import tempfile
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw

from jindu.demo.images import make_picture

CLIP_SIZE = (320, 180)
CLIP_FPS = 10


def clip_frames(seed, seconds, size=CLIP_SIZE, fps=CLIP_FPS):
    """RGB frames: the seed's picture with a dot crossing it and a bar filling up as the clip plays."""
    background = PILImage.open(io.BytesIO(make_picture(seed, size=size))).convert("RGB")
    width, height = size
    count = round(seconds * fps)
    for index in range(count):
        share = (index + 1) / count
        frame = background.copy()
        draw = ImageDraw.Draw(frame)
        x = int(share * (width - 40)) + 20
        draw.ellipse((x - 14, height // 2 - 14, x + 14, height // 2 + 14), fill=(255, 255, 255))
        draw.rectangle((0, height - 8, int(share * width), height), fill=(255, 255, 255))
        yield frame.tobytes()


def make_clip(seed, seconds=8, size=CLIP_SIZE, fps=CLIP_FPS, tone=False):
    """An MP4 (H.264, yuv420p, moov atom first for quick start) of `seconds` seconds, as bytes.

    With `tone`, the clip also has an AAC sound track (a quiet sine tone), as a camera recording would.
    """
    import imageio_ffmpeg

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clip.mp4"
        writer = imageio_ffmpeg.write_frames(
            str(path),
            size,
            fps=fps,
            codec="libx264",
            macro_block_size=2,
            output_params=["-preset", "veryfast", "-crf", "32", "-movflags", "+faststart"],
        )
        writer.send(None)
        for frame in clip_frames(seed, seconds, size, fps):
            writer.send(frame)
        writer.close()
        if tone:
            path = with_tone(path, seconds)
        return path.read_bytes()


def with_tone(path, seconds):
    """`path` with a 440 Hz AAC track added beside its picture (copied, not re-encoded); the new file's path."""
    import subprocess

    import imageio_ffmpeg

    output = path.with_name("clip-tone.mp4")
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(path),
            "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:v", "copy", "-c:a", "aac",
            "-b:a", "64k", "-shortest", "-movflags", "+faststart", str(output),
        ],
        check=True,
    )  # fmt: skip
    return output


def make_poster(seed, size=(640, 360)):
    """A JPEG poster matching the clip's picture."""
    buffer = io.BytesIO()
    PILImage.open(io.BytesIO(make_picture(seed, size=size))).convert("RGB").save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()
