import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from media.factories import VideoPageFactory
from media.models import WatchProgress

pytestmark = pytest.mark.django_db

URL = reverse("media:heartbeat")


def post(client, payload):
    return client.post(URL, json.dumps(payload), content_type="application/json")


def test_signed_in_heartbeat_is_recorded(client, student, video):
    client.force_login(student)

    response = post(client, {"media": video.pk, "position": 0})

    assert response.status_code == 200
    assert response.json() == {"credited_seconds": 0, "furthest_position": 0, "duration": 100, "watched": False}
    assert WatchProgress.objects.filter(user=student, media=video).exists()


def test_heartbeat_also_accepts_form_fields(client, student, video):
    client.force_login(student)

    response = client.post(URL, {"media": video.pk, "position": "12.5"})

    assert response.status_code == 200
    assert WatchProgress.objects.get(user=student).last_position == 12.5


def test_anonymous_heartbeat_is_refused(client, video):
    response = post(client, {"media": video.pk, "position": 0})

    assert response.status_code == 403
    assert response.json()["error"] == "请先登录，观看记录才会被计入。"
    assert not WatchProgress.objects.exists()


def test_cross_site_heartbeat_without_csrf_token_is_refused(student, video):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)

    response = post(client, {"media": video.pk, "position": 0})

    assert response.status_code == 403
    assert not WatchProgress.objects.exists()


def test_heartbeat_with_csrf_token_from_the_page_is_accepted(student, video, library):
    page = VideoPageFactory(parent=library, media=video)
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    html = client.get(page.url).content.decode()
    token = re.search(r'data-csrf-token="([^"]+)"', html).group(1)

    response = client.post(
        URL, json.dumps({"media": video.pk, "position": 0}), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )

    assert response.status_code == 200


def test_get_is_not_allowed(client, student):
    client.force_login(student)

    assert client.get(URL).status_code == 405


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"media": 999999, "position": 0}, "没有这个影音条目。"),
        ({"media": "abc", "position": 0}, "心跳需要影音编号和以秒计的播放位置。"),
        ({"position": 0}, "心跳需要影音编号和以秒计的播放位置。"),
        ({"media": "VIDEO", "position": -5}, "播放位置必须大于或等于 0 秒。"),
        ({"media": "VIDEO", "position": "soon"}, "播放位置必须是秒数。"),
        ({"media": "VIDEO", "position": 1e12}, "播放位置超出了影音的长度。"),
        ({"media": "VIDEO", "position": "NaN"}, "播放位置必须大于或等于 0 秒。"),
    ],
)
def test_bad_heartbeats_get_400_with_a_message(client, student, video, payload, message):
    client.force_login(student)
    payload = {key: (video.pk if value == "VIDEO" else value) for key, value in payload.items()}

    response = post(client, payload)

    assert response.status_code == 400
    assert response.json()["error"] == message
    assert not WatchProgress.objects.exists()


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"text"', "{" * 2000])
def test_malformed_json_gets_400(client, student, body):
    client.force_login(student)

    response = client.post(URL, body, content_type="application/json")

    assert response.status_code == 400
