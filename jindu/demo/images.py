"""Generated pictures for demo articles: abstract shapes, no text, made with Pillow."""

import hashlib
import io

from PIL import Image as PILImage
from PIL import ImageDraw

PALETTES = [
    ((179, 38, 30), (251, 238, 238)),
    ((31, 94, 160), (232, 241, 251)),
    ((36, 128, 80), (231, 246, 237)),
    ((160, 96, 20), (252, 243, 226)),
]


def make_picture(seed, size=(1200, 675)):
    """A PNG of soft circles on a tinted background; the same seed gives the same picture."""
    digest = hashlib.sha256(seed.encode()).digest()
    strong, soft = PALETTES[digest[0] % len(PALETTES)]
    picture = PILImage.new("RGB", size, soft)
    draw = ImageDraw.Draw(picture)
    width, height = size
    for i in range(6):
        x = digest[1 + i] / 255 * width
        y = digest[8 + i] / 255 * height
        radius = 60 + digest[16 + i] / 255 * 220
        shade = tuple(int(s + (f - s) * (0.25 + i * 0.12)) for s, f in zip(strong, soft, strict=True))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=shade)
    draw.rectangle((0, height - 24, width, height), fill=strong)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
