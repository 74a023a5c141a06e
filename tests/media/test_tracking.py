import datetime

import pytest
from django.utils import timezone

from media import tracking
from media.factories import MediaFactory
from media.models import WatchProgress

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime.datetime(2026, 6, 26, 9, 0))


def at(seconds):
    return START + datetime.timedelta(seconds=seconds)


def watch_in_real_time(user, media, until, step=15, begin=0):
    """Heartbeats as a real player sends them: position advances with the clock."""
    progress = tracking.record_heartbeat(user, media, begin, now=at(begin))
    position = begin
    while position < until:
        position = min(until, position + step)
        progress = tracking.record_heartbeat(user, media, position, now=at(position))
    return progress


def test_watching_in_real_time_to_the_end_counts_as_watched(student, video):
    progress = watch_in_real_time(student, video, until=100)

    assert progress.credited_seconds == pytest.approx(100)
    assert progress.furthest_position == pytest.approx(100)
    assert progress.watched
    # 90 of 100 seconds credited is enough; it became watched then.
    assert progress.watched_at == at(90)
    assert tracking.is_watched(student, video)


def test_watching_less_than_ninety_percent_is_not_watched(student, video):
    progress = watch_in_real_time(student, video, until=85)

    assert progress.credited_seconds == pytest.approx(85)
    assert not progress.watched
    assert not tracking.is_watched(student, video)


def test_jump_to_the_end_credits_nothing_beyond_elapsed_time(student, video):
    tracking.record_heartbeat(student, video, 0, now=at(0))

    progress = tracking.record_heartbeat(student, video, 100, now=at(2))

    # Two seconds passed (plus the small tolerance): that is all it may credit.
    assert progress.credited_seconds <= 2 + 3
    assert not progress.watched


def test_burst_of_fast_heartbeats_credits_nothing_beyond_elapsed_time(student, video):
    tracking.record_heartbeat(student, video, 0, now=at(0))

    for step in range(1, 40):
        progress = tracking.record_heartbeat(student, video, step * 2.5, now=at(step * 0.01))

    elapsed = 39 * 0.01
    assert progress.credited_seconds <= elapsed + 3
    assert not progress.watched


def test_replayed_request_credits_nothing(student, video):
    watch_in_real_time(student, video, until=30)
    before = WatchProgress.objects.get(user=student, media=video).credited_seconds

    for _ in range(10):
        progress = tracking.record_heartbeat(student, video, 30, now=at(30.5))
    for _ in range(10):
        progress = tracking.record_heartbeat(student, video, 15, now=at(30.6))

    assert progress.credited_seconds == pytest.approx(before)


def test_a_tab_left_open_earns_no_lump_sum(student, video):
    tracking.record_heartbeat(student, video, 0, now=at(0))

    progress = tracking.record_heartbeat(student, video, 100, now=at(3600))

    assert progress.credited_seconds <= 60 + 3
    assert not progress.watched


def test_watching_the_same_minute_twice_counts_once(student, video):
    watch_in_real_time(student, video, until=60)
    # Seek back to the start and watch the first minute again, in real time.
    tracking.record_heartbeat(student, video, 0, now=at(61))
    for position in range(15, 61, 15):
        progress = tracking.record_heartbeat(student, video, position, now=at(61 + position))

    assert progress.credited_seconds == pytest.approx(60)
    assert progress.segments == [[0, 60]]
    assert not progress.watched


def test_skipping_ahead_then_watching_credits_only_what_was_watched(student, video):
    tracking.record_heartbeat(student, video, 0, now=at(0))
    tracking.record_heartbeat(student, video, 10, now=at(10))
    # The viewer seeks to 80 (the player reports the new position) and watches to the end.
    tracking.record_heartbeat(student, video, 80, now=at(11))
    progress = tracking.record_heartbeat(student, video, 100, now=at(31))

    assert progress.credited_seconds <= 10 + 1 + 3 + 20
    assert progress.furthest_position == pytest.approx(100)
    assert not progress.watched


def test_watched_stays_watched_after_more_heartbeats(student, video):
    watch_in_real_time(student, video, until=100)

    progress = tracking.record_heartbeat(student, video, 5, now=at(200))

    assert progress.watched


def test_item_without_a_duration_is_never_watched(student):
    unknown = MediaFactory(duration=0)

    progress = watch_in_real_time(student, unknown, until=600)

    assert progress.credited_seconds == pytest.approx(600)
    assert not progress.watched


@pytest.mark.parametrize("position", [-1, "abc", None, float("nan"), float("inf"), 106, 10**9])
def test_impossible_positions_are_rejected(student, video, position):
    with pytest.raises(tracking.InvalidHeartbeat):
        tracking.record_heartbeat(student, video, position, now=at(0))
    assert not WatchProgress.objects.exists()


def test_one_progress_row_per_user_and_item(student, video):
    watch_in_real_time(student, video, until=45)

    assert WatchProgress.objects.filter(user=student, media=video).count() == 1


def test_progress_for_returns_each_item_in_one_query(student, video, django_assert_num_queries):
    other = MediaFactory()
    watch_in_real_time(student, video, until=30)
    watch_in_real_time(student, other, until=15)

    with django_assert_num_queries(1):
        progress = tracking.progress_for(student, [video, other])

    assert progress[video.pk].credited_seconds == pytest.approx(30)
    assert progress[other.pk].credited_seconds == pytest.approx(15)


def test_merge_segment_joins_overlapping_stretches():
    assert tracking.merge_segment([[0, 10], [20, 30]], 5, 25) == [[0, 30]]
    assert tracking.merge_segment([[0, 10]], 12, 15) == [[0, 10], [12, 15]]
