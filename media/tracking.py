"""Honest watch tracking: credit only viewing time that really passed.

The player sends a heartbeat with its current position (seconds into the media) every ~15 s
while playing, and on play, pause, seek and end. Every heartbeat goes through

    record_heartbeat(user, media_item, position, now=None) -> WatchProgress

and other apps ask

    is_watched(user, media_item) -> bool
    progress_for(user, media_items) -> {media_item_id: WatchProgress}

The rule, per (user, media item):

- A heartbeat may credit at most the wall-clock time since the previous heartbeat (capped at
  `JINDU_WATCH_MAX_GAP_SECONDS`, so a tab left open overnight earns no lump sum), plus up to
  `JINDU_WATCH_TOLERANCE_SECONDS` of unused allowance carried from earlier heartbeats to absorb
  network jitter. The tolerance never refills from nothing, so a burst of fast heartbeats, a
  replayed request, or a jump to the end credits nothing beyond the time that really passed.
- What is credited is the stretch of the media from the previous position forward, so the
  credit is content coverage: watching the same minute twice counts once (the credited
  stretches are kept as merged segments).
- A heartbeat at or behind the previous position (pause, replay, seeking back) credits nothing
  and becomes the new starting point.
- The item counts as watched once the credited seconds reach `JINDU_WATCH_THRESHOLD` (90%) of
  its duration; it then stays watched. Items of unknown duration (0) are never watched.

Rows are locked (`select_for_update`) while a heartbeat is applied, so concurrent heartbeats for
the same user and item are applied one after the other; a unique constraint keeps one row each.
`InvalidHeartbeat` is raised for positions no real player could send (negative, not a number,
beyond the end); the view turns it into a 400.
"""

import math
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from media.models import WatchProgress
from media.signals import media_watched

# A player may report a little past the stated duration (rounding, container padding).
END_SLACK_SECONDS = 5
# Without a known duration, positions beyond a day are nonsense.
UNKNOWN_DURATION_LIMIT = 24 * 3600


class InvalidHeartbeat(ValueError):
    """A heartbeat that no real player would send."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Rule:
    tolerance: float
    max_gap: float
    threshold: float

    @classmethod
    def from_settings(cls):
        return cls(
            tolerance=float(settings.JINDU_WATCH_TOLERANCE_SECONDS),
            max_gap=float(settings.JINDU_WATCH_MAX_GAP_SECONDS),
            threshold=float(settings.JINDU_WATCH_THRESHOLD),
        )


def clean_position(media_item, position):
    """The position as a float, or InvalidHeartbeat if it is not one a player could report."""
    try:
        value = float(position)
    except (TypeError, ValueError) as error:
        raise InvalidHeartbeat(_("The position must be a number of seconds.")) from error
    if not math.isfinite(value) or value < 0:
        raise InvalidHeartbeat(_("The position must be zero or more seconds."))
    limit = media_item.duration + END_SLACK_SECONDS if media_item.duration else UNKNOWN_DURATION_LIMIT
    if value > limit:
        raise InvalidHeartbeat(_("The position is beyond the end of the media."))
    return value


def merge_segment(segments, start, end):
    """`segments` (sorted, disjoint [start, end] pairs) with [start, end] added and overlaps merged."""
    merged = []
    for seg_start, seg_end in sorted([*segments, [start, end]]):
        if merged and seg_start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], seg_end)
        else:
            merged.append([seg_start, seg_end])
    return merged


def covered_seconds(segments):
    return sum(end - start for start, end in segments)


def apply_heartbeat(progress, position, now, duration, rule):
    """Update `progress` in memory for a heartbeat at `position` received at `now`; returns seconds newly credited."""
    before = progress.credited_seconds
    if progress.last_heartbeat_at is None:
        progress.spare_seconds = rule.tolerance
    else:
        elapsed = max(0.0, (now - progress.last_heartbeat_at).total_seconds())
        allowance = min(elapsed, rule.max_gap) + progress.spare_seconds
        advance = position - progress.last_position
        used = 0.0
        if advance > 0:
            used = min(advance, allowance)
            start = progress.last_position
            end = start + used
            if duration:
                start, end = min(start, duration), min(end, duration)
            if end > start:
                progress.segments = merge_segment(progress.segments, round(start, 3), round(end, 3))
                progress.credited_seconds = round(covered_seconds(progress.segments), 3)
                progress.furthest_position = max(progress.furthest_position, progress.segments[-1][1])
        progress.spare_seconds = min(rule.tolerance, allowance - used)
    progress.last_position = position
    progress.last_heartbeat_at = max(now, progress.last_heartbeat_at or now)
    if not progress.watched and duration and progress.credited_seconds >= rule.threshold * duration:
        progress.watched = True
        progress.watched_at = now
    return progress.credited_seconds - before


def record_heartbeat(user, media_item, position, now=None):
    """Apply one heartbeat for a signed-in `user` watching `media_item`; returns the saved WatchProgress.

    Raises InvalidHeartbeat for impossible positions. Safe to call concurrently.
    """
    position = clean_position(media_item, position)
    now = now or timezone.now()
    with transaction.atomic():
        progress, _created = WatchProgress.objects.select_for_update().get_or_create(user=user, media=media_item)
        was_watched = progress.watched
        apply_heartbeat(progress, position, now, media_item.duration, Rule.from_settings())
        progress.save()
        if progress.watched and not was_watched:
            media_watched.send(sender=WatchProgress, user=user, media=media_item)
    return progress


def check_trackable(media_item, field):
    """Raise a ValidationError on `field` if `media_item` has no duration, since viewing it could never count."""
    if media_item is not None and not media_item.duration:
        raise ValidationError(
            {field: _("Enter the duration of this media item (in seconds) so viewing can be tracked.")}
        )


def is_watched(user, media_item):
    """Whether `user` has really watched `media_item` (90% of it credited)."""
    if not user.is_authenticated:
        return False
    return WatchProgress.objects.filter(user=user, media=media_item, watched=True).exists()


def progress_for(user, media_items):
    """The user's WatchProgress for each of `media_items` that has one, keyed by media id; one query."""
    if not user.is_authenticated:
        return {}
    ids = [getattr(item, "pk", item) for item in media_items]
    return {progress.media_id: progress for progress in WatchProgress.objects.filter(user=user, media_id__in=ids)}
