"""Demo media: two short videos, a dialect song with Mandarin subtitles, and a download centre.

The videos are tiny MP4 files shipped in media/demo_files/; the song is a WAV made here with
Python's wave module, so nothing needs ffmpeg. Safe to run twice.
"""

import io
import math
import struct
import wave
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtailmedia.models import get_media_model

from jindu.demo.images import make_picture
from jindu.models import ArticlePage, CampaignTheme, Dialect, MainMenu, MainMenuItem, MaterialKind
from media.models import (
    DownloadCentrePage,
    MediaIndexPage,
    PublicityMaterial,
    SubtitleTrack,
    VideoPage,
    VideoPageRelatedArticle,
)
from media.vtt import parse_webvtt

DEMO_FILES = Path(__file__).resolve().parent / "demo_files"

ITEMS = [
    {
        "slug": "refuse-first-puff",
        "title": "禁毒宣传视频：拒绝第一口",
        "file": "refuse.mp4",
        "type": "video",
        "duration": 20,
        "dialect": "普通话",
        "tags": ["微电影", "青少年"],
        "summary": "一段给中学生看的禁毒宣传短片：朋友递来的“电子烟”和“提神饮料”，要学会说不。",
        "cues": [
            "朋友递来一支“电子烟”，说只是尝一口。",
            "第一口往往就是开始。",
            "学会说“不”，转身离开。",
            "遇到涉毒线索，请告诉老师或拨打举报电话。",
        ],
    },
    {
        "slug": "milk-tea-trap",
        "title": "警惕“奶茶”里的新型毒品",
        "file": "milktea.mp4",
        "type": "video",
        "duration": 24,
        "dialect": "普通话",
        "tags": ["新型毒品", "微电影"],
        "summary": "新型毒品常常伪装成奶茶粉、跳跳糖和饮料，包装花哨，危害却一点不少。",
        "cues": [
            "包装好看的“奶茶粉”，不一定是奶茶。",
            "新型毒品常常伪装成零食和饮料。",
            "来历不明的食品和饮料，不要接。",
            "在娱乐场所尤其要提高警惕。",
            "珍爱生命，远离毒品。",
        ],
    },
    {
        "slug": "gelong-village-song",
        "title": "哥隆话禁毒村歌《家家户户来禁毒》",
        "file": None,
        "type": "audio",
        "duration": 16,
        "dialect": "哥隆话",
        "tags": ["村歌", "方言"],
        "summary": "用哥隆话演唱的禁毒村歌，配有普通话字幕，村里不懂普通话的老人也能听明白。",
        "cues": [
            "（哥隆话演唱，普通话字幕）",
            "家家户户来禁毒，毒品害人又害家。",
            "老人小孩都要懂，陌生东西莫乱拿。",
            "发现线索快报告，平安村寨靠大家。",
        ],
    },
]

THEMES = ["6·26 国际禁毒日", "全民禁毒宣传月", "校园禁毒"]

PLEDGE_LETTER = """禁毒承诺书（模板）

为了自己和家人的健康，我郑重承诺：
一、认真学习禁毒知识，了解毒品的种类和危害；
二、不吸毒、不贩毒、不种毒，不接受来历不明的食品和饮料；
三、不进入未成年人不宜进入的娱乐场所；
四、发现涉毒线索，及时向公安机关或学校报告；
五、主动向家人和朋友宣传禁毒知识。

承诺人：__________    班级/单位：__________
日期：____年__月__日
"""


def make_vtt(cues, duration):
    """A WebVTT file spreading `cues` evenly over `duration` seconds."""
    step = duration / len(cues)
    lines = ["WEBVTT", ""]
    for number, text in enumerate(cues):
        start, end = number * step, (number + 1) * step - 0.2
        lines += [str(number + 1), f"{vtt_time(start)} --> {vtt_time(end)}", text, ""]
    return "\n".join(lines)


def vtt_time(seconds):
    minutes, rest = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{rest:06.3f}"


def make_song(duration, rate=8000):
    """A short, gentle pentatonic tune as a mono 8 kHz WAV."""
    notes = [392, 440, 523, 587, 523, 440, 392, 330]
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as song:
        song.setnchannels(1)
        song.setsampwidth(2)
        song.setframerate(rate)
        frames = bytearray()
        note_length = duration / (len(notes) * 2)
        for index in range(int(duration * rate)):
            t = index / rate
            frequency = notes[int(t / note_length) % len(notes)]
            envelope = 1 - (t % note_length) / note_length
            frames += struct.pack("<h", int(6000 * envelope * math.sin(2 * math.pi * frequency * t)))
        song.writeframes(bytes(frames))
    return buffer.getvalue()


def demo_image(title, seed, size=(1200, 675)):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image:
        return image
    picture = ImageFile(io.BytesIO(make_picture(seed, size=size)), name=f"demo-{seed}.png")
    return Image.objects.create(title=title, description=f"《{title}》的示意图（演示）", file=picture)


def load_media_item(spec):
    Media = get_media_model()
    media = Media.objects.filter(title=spec["title"]).first()
    if media is None:
        if spec["file"]:
            content = ContentFile((DEMO_FILES / spec["file"]).read_bytes(), name=spec["file"])
        else:
            content = ContentFile(make_song(spec["duration"]), name=f"{spec['slug']}.wav")
        media = Media(title=spec["title"], type=spec["type"], duration=spec["duration"], file=content)
        if spec["type"] == "video":
            media.width, media.height = 320, 180
        media.save()
        media.tags.add(*spec["tags"])
    content = make_vtt(spec["cues"], spec["duration"])
    SubtitleTrack.objects.update_or_create(
        media=media,
        language="zh-Hans",
        defaults={"content": content, "cue_count": len(parse_webvtt(content.encode()))},
    )
    return media


def load_library(home, log):
    library = MediaIndexPage.objects.child_of(home).first()
    if library is None:
        library = home.add_child(
            instance=MediaIndexPage(
                title="禁毒影音",
                slug="media",
                intro="禁毒微电影、宣传短片和方言文艺节目，配有普通话字幕，手机上就能看。",
            )
        )
    existing = set(VideoPage.objects.child_of(library).values_list("slug", flat=True))
    articles = list(ArticlePage.objects.live().order_by("-date")[:2])
    created = 0
    for spec in ITEMS:
        media = load_media_item(spec)
        if spec["slug"] in existing:
            continue
        page = VideoPage(
            title=spec["title"],
            slug=spec["slug"],
            media=media,
            poster=demo_image(spec["title"], spec["slug"]),
            summary=spec["summary"],
            transcript="\n".join(spec["cues"]),
            dialect=Dialect.objects.get_or_create(name=spec["dialect"])[0],
        )
        page.related_articles = [VideoPageRelatedArticle(article=article) for article in articles]
        library.add_child(instance=page)
        page.tags.set(spec["tags"])
        page.save_revision().publish()
        created += 1
    log(f"Media library: {created} items created, {len(ITEMS) - created} already there.")
    return library


def make_leaflet_pdf(seed):
    picture = PILImage.open(io.BytesIO(make_picture(seed, size=(595, 842))))
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, format="PDF")
    return buffer.getvalue()


def load_materials(home, log):
    centre = DownloadCentrePage.objects.first()
    if centre is None:
        centre = home.add_child(
            instance=DownloadCentrePage(
                title="宣传资料下载",
                slug="downloads",
                intro="海报、宣传折页和承诺书模板，可下载打印，用于进村入户、进校园宣传。",
            )
        )
    themes = {}
    for order, name in enumerate(THEMES):
        themes[name], _created = CampaignTheme.objects.get_or_create(name=name, defaults={"sort_order": order})
    Document = get_document_model()
    specs = [
        ("“6·26”国际禁毒日宣传海报", ("海报", "张"), THEMES[0], "image", "poster-626"),
        ("识毒防毒拒毒宣传折页", ("宣传折页", "份"), THEMES[1], "pdf", "leaflet-month"),
        ("学生禁毒承诺书模板", ("承诺书", "份"), THEMES[2], "txt", "pledge"),
    ]
    created = 0
    for title, (kind_name, unit), theme, source, seed in specs:
        if PublicityMaterial.objects.filter(title=title).exists():
            continue
        kind = MaterialKind.objects.get_or_create(name=kind_name, defaults={"unit": unit})[0]
        material = PublicityMaterial(title=title, kind=kind, theme=themes[theme], description="演示资料，可自由打印。")
        if source == "image":
            material.image = demo_image(title, seed, size=(900, 1200))
        else:
            data = make_leaflet_pdf(seed) if source == "pdf" else PLEDGE_LETTER.encode("utf-8")
            material.document = Document.objects.create(title=title, file=ContentFile(data, name=f"{seed}.{source}"))
            if source == "pdf":
                material.preview = demo_image(f"{title}（预览）", seed, size=(595, 842))
        material.full_clean()
        material.save()
        created += 1
    log(f"Download centre: {created} materials created, {len(specs) - created} already there.")
    return centre


def add_to_menu(home, pages):
    from wagtail.models import Site

    site = Site.objects.filter(root_page=home).first()
    if site is None:
        return
    menu = MainMenu.for_site(site)
    linked = set(menu.items.values_list("link_page_id", flat=True))
    for page in pages:
        if page.pk not in linked:
            MainMenuItem.objects.create(menu=menu, link_page=page, sort_order=menu.items.count())


def load_demo(home, log=print):
    library = load_library(home, log)
    centre = load_materials(home, log)
    add_to_menu(home, [library, centre])
