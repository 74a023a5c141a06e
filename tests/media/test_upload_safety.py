import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtailmedia.models import get_media_model

from media.demo import DEMO_FILES

pytestmark = pytest.mark.django_db

Media = get_media_model()


def upload(admin_client, media_type, name, data):
    return admin_client.post(
        reverse("wagtailmedia:add", args=[media_type]),
        {"title": "上传测试", "file": SimpleUploadedFile(name, data), "duration": "20", "tags": ""},
    )


def test_mp4_video_upload_is_accepted(admin_client):
    response = upload(admin_client, "video", "clip.mp4", (DEMO_FILES / "refuse.mp4").read_bytes())

    assert response.status_code == 302
    assert Media.objects.get().type == "video"


@pytest.mark.parametrize("name", ["page.html", "vector.svg", "clip.avi", "script.js", "movie.mkv"])
def test_other_file_types_are_refused(admin_client, name):
    response = upload(admin_client, "video", name, b"<svg onload=alert(1)>")

    assert response.status_code == 200
    assert not Media.objects.exists()


def test_oversized_media_upload_is_refused_with_the_limit(admin_client, settings):
    settings.JINDU_MEDIA_MAX_UPLOAD_SIZE = 1024

    response = upload(admin_client, "audio", "song.mp3", b"\0" * 4096)

    assert response.status_code == 200
    assert "允许的最大大小为 1.0\xa0KB" in response.content.decode()
    assert not Media.objects.exists()


def test_svg_and_html_are_not_allowed_as_images_or_documents():
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert not {"svg", "html", "htm", "js"} & set(settings.WAGTAILDOCS_EXTENSIONS)
    assert settings.WAGTAILMEDIA["VIDEO_EXTENSIONS"] == ["mp4", "m4v", "webm"]
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE and settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
