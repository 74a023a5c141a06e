"""Publishing an event enqueues the schedule feed's warm-up, so the first calendar app to ask gets a kept feed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import ShowingStatus
from tests.events.conftest import publish_edit

pytestmark = pytest.mark.django_db


def feed_queries(client, index):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(index.feed_url())
    assert response.status_code == 200
    return len(queries.captured_queries), response.content


def test_first_reader_after_publishing_gets_the_feed_made_by_the_task(
    client, schedule, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish_edit(schedule.tour, schedule.tour_next, status=ShowingStatus.CANCELLED)
    assert callbacks, "publishing enqueued no warm-up"

    first, body = feed_queries(client, schedule.index)
    again, _ = feed_queries(client, schedule.index)
    cache.clear()
    cold, cold_body = feed_queries(client, schedule.index)

    assert first == again < cold
    assert body == cold_body
    assert b"STATUS:CANCELLED" in body
