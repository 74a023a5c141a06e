import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media.models import SubtitleTrack
from media.vtt import parse_webvtt

GOOD = """WEBVTT - 哥隆话村歌的普通话字幕

NOTE 演示字幕

1
00:00:00.000 --> 00:00:04.000
家家户户来禁毒

2
00:04.500 --> 00:08.000 line:90%
毒品害人又害家

01:00:00.000 --> 01:00:02.000
最后一句
"""


def messages_of(error):
    return " ".join(error.value.messages)


def test_good_webvtt_is_accepted_with_its_cues():
    cues = parse_webvtt(GOOD.encode())

    assert [cue.text for cue in cues] == ["家家户户来禁毒", "毒品害人又害家", "最后一句"]
    assert cues[1].start == 4.5
    assert cues[2].end == 3602


def test_windows_line_endings_and_byte_order_mark_are_accepted():
    data = "\ufeff" + GOOD.replace("\n", "\r\n")

    assert len(parse_webvtt(data.encode())) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1\n00:00:00.000 --> 00:00:01.000\n你好\n", "第 1 行：WebVTT 文件必须以“WEBVTT”一行开头"),
        ("WEBVTTX\n\n00:00:00.000 --> 00:00:01.000\n你好\n", "第 1 行：WebVTT 文件必须以“WEBVTT”一行开头"),
        ("WEBVTT\n\n00:00:00,000 --> 00:00:01,000\n你好\n", "第 3 行：“00:00:00,000”不是有效的时间"),
        ("WEBVTT\n\n00:00:00.000 --> 00:61:01.000\n你好\n", "第 3 行：“00:61:01.000”不是有效的时间"),
        ("WEBVTT\n\n00:00:00.000 --> \n你好\n", "第 3 行：“-”不是有效的时间"),
        ("WEBVTT\n\n1\n00:00:05.000 --> 00:00:02.000\n你好\n", "第 4 行：字幕的结束时间早于（或等于）开始时间"),
        ("WEBVTT\n\n00:00:05.000 --> 00:00:05.000\n你好\n", "第 3 行：字幕的结束时间早于（或等于）开始时间"),
        ("WEBVTT\n\n第一句\n第二句\n", "第 4 行：这里应是字幕时间行"),
        ("WEBVTT\n\n", "字幕文件里没有任何字幕"),
        ("   \n", "字幕文件是空的"),
    ],
)
def test_bad_webvtt_is_rejected_with_its_reason(text, message):
    with pytest.raises(ValidationError) as error:
        parse_webvtt(text.encode())

    assert message in messages_of(error)


def test_non_utf8_file_is_rejected():
    with pytest.raises(ValidationError) as error:
        parse_webvtt("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n你好\n".encode("gbk"))

    assert "不是 UTF-8 文本" in messages_of(error)


@pytest.mark.django_db
def test_admin_upload_of_a_good_file_creates_the_track(admin_client, video):
    response = admin_client.post(
        reverse("subtitles:add"),
        {"media": video.pk, "language": "zh-Hans", "upload": SimpleUploadedFile("zh.vtt", GOOD.encode())},
    )

    assert response.status_code == 302
    track = SubtitleTrack.objects.get(media=video)
    assert track.cue_count == 3
    assert track.content.startswith("WEBVTT")


@pytest.mark.django_db
def test_admin_upload_of_a_bad_file_shows_the_reason_and_saves_nothing(admin_client, video):
    bad = "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\n你好\n"

    response = admin_client.post(
        reverse("subtitles:add"),
        {"media": video.pk, "language": "zh-Hans", "upload": SimpleUploadedFile("zh.vtt", bad.encode())},
    )

    assert response.status_code == 200
    assert "第 3 行：字幕的结束时间早于（或等于）开始时间" in response.content.decode()
    assert not SubtitleTrack.objects.exists()


@pytest.mark.django_db
def test_second_track_in_the_same_language_is_refused(admin_client, video):
    for _ in range(2):
        response = admin_client.post(
            reverse("subtitles:add"),
            {"media": video.pk, "language": "zh-Hans", "upload": SimpleUploadedFile("zh.vtt", GOOD.encode())},
        )

    assert response.status_code == 200
    assert SubtitleTrack.objects.count() == 1


@pytest.mark.django_db
def test_subtitles_are_served_as_webvtt_text(client, video):
    track = SubtitleTrack.objects.create(media=video, language="zh-Hans", content=GOOD, cue_count=3)

    response = client.get(track.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.decode().startswith("WEBVTT")
