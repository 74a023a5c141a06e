"""RFC 5545 calendars of showings, built with the icalendar package."""

import datetime
import functools
import hashlib
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from events.models import ShowingStatus
from jindu.pagecache import remember_many

PRODID = "-//Jindu//禁毒宣教平台 events//ZH"
# Ask subscribing calendar apps to check for changes twice a day.
REFRESH_INTERVAL = datetime.timedelta(hours=12)
# A kept VEVENT is named by everything it is made of, so it can be kept long.
VEVENT_CACHE_SECONDS = 60 * 60 * 24 * 7


def schedule_timezone():
    return ZoneInfo(settings.TIME_ZONE)


@functools.cache
def schedule_vtimezone():
    """The VTIMEZONE of the schedule's time zone; icalendar takes tens of milliseconds to work it out."""
    return Timezone.from_tzid(settings.TIME_ZONE)


def showing_uid(showing, domain):
    """Stable for the life of the showing, whatever is edited."""
    return f"showing-{showing.pk}@{domain}"


class EventFacts:
    """What every showing of one event says in a calendar, worked out once per event."""

    def __init__(self, event_page, url):
        self.title = event_page.title
        self.summary = event_page.summary
        self.url = url
        self.categories = [event_page.get_kind_display(), *(art_form.name for art_form in event_page.art_forms.all())]
        self.dialects = "、".join(dialect.name for dialect in event_page.dialects.all())


def showing_event(showing, facts, domain):
    tz = schedule_timezone()
    item = Event()
    item.add("uid", showing_uid(showing, domain))
    item.add("dtstamp", showing.changed_at)
    item.add("last-modified", showing.changed_at)
    item.add("sequence", showing.sequence)
    item.add("dtstart", showing.start.astimezone(tz))
    item.add("dtend", showing.end.astimezone(tz))
    summary = facts.title
    if showing.status == ShowingStatus.CANCELLED:
        summary = _("[Cancelled] %(title)s") % {"title": summary}
    elif showing.status == ShowingStatus.POSTPONED:
        summary = _("[Postponed] %(title)s") % {"title": summary}
    item.add("summary", summary)
    item.add("status", "CANCELLED" if showing.status == ShowingStatus.CANCELLED else "CONFIRMED")
    item.add("location", " ".join(part for part in (showing.place, showing.address) if part))
    if showing.latitude is not None and showing.longitude is not None:
        item.add("geo", (float(showing.latitude), float(showing.longitude)))
    item.add("description", showing_description(showing, facts))
    item.add("url", facts.url)
    item.add("categories", facts.categories)
    return item


def showing_description(showing, facts):
    lines = []
    if showing.status == ShowingStatus.POSTPONED and showing.postponed_from:
        original = timezone.localtime(showing.postponed_from)
        lines.append(_("Postponed; originally planned for %(time)s.") % {"time": f"{original:%Y-%m-%d %H:%M}"})
    elif showing.status == ShowingStatus.CANCELLED:
        lines.append(_("This showing is cancelled."))
    if showing.note:
        lines.append(showing.note)
    lines.append(facts.summary)
    if facts.dialects:
        lines.append(_("Language: %(dialects)s") % {"dialects": facts.dialects})
    lines.append(facts.url)
    return "\n".join(lines)


def calendar_skeleton(name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    return calendar


def build_calendar(showings, name, domain, event_url):
    """A calendar of `showings`; `event_url(event_page)` gives each event's full address."""
    calendar = calendar_skeleton(name)
    facts = {}
    for showing in showings:
        if showing.event_id not in facts:
            facts[showing.event_id] = EventFacts(showing.event, event_url(showing.event))
        calendar.add_component(showing_event(showing, facts[showing.event_id], domain))
    calendar.add_missing_timezones()
    return calendar


# What a showing's VEVENT is made of, read without building model instances (a feed holds thousands).
VEVENT_FIELDS = (
    "pk",
    "event_id",
    "sequence",
    "changed_at",
    "start",
    "end",
    "status",
    "town_id",
    "town__name",
    "region_id",
    "region__name",
    "venue",
    "address",
    "latitude",
    "longitude",
    "note",
    "postponed_from",
)


def _vevent_key(row, facts, domain):
    """Names everything a showing's VEVENT is made of, so that a kept one is never out of date."""
    made_of = (get_language(), domain, row, facts.title, facts.summary, facts.url, facts.categories, facts.dialects)
    return "events-vevent:" + hashlib.sha256(repr(made_of).encode()).hexdigest()


def calendar_bytes(showings, name, domain, event_url):
    """The bytes of build_calendar(...).to_ical() for a queryset of showings, each VEVENT kept in the cache.

    icalendar takes milliseconds per event, so a feed of thousands is put together from kept VEVENTs and
    only the showings that changed are loaded and made again.
    """
    from events.models import EventPage, Showing

    rows = list(showings.values_list(*VEVENT_FIELDS))
    events = EventPage.objects.filter(pk__in={row[1] for row in rows}).prefetch_related("dialects", "art_forms")
    facts = {event.pk: EventFacts(event, event_url(event)) for event in events}
    keys = {row[0]: _vevent_key(row, facts[row[1]], domain) for row in rows}

    def make(missing):
        showing_of_key = {key: pk for pk, key in keys.items()}
        made = Showing.objects.filter(pk__in=[showing_of_key[key] for key in missing]).select_related("region", "town")
        return {keys[showing.pk]: showing_event(showing, facts[showing.event_id], domain).to_ical() for showing in made}

    vevents = remember_many(list(keys.values()), make, seconds=VEVENT_CACHE_SECONDS, until_release=True)
    calendar = calendar_skeleton(name)
    if rows:
        # What add_missing_timezones() would add for our events' times.
        calendar.add_component(schedule_vtimezone())
    head, end = calendar.to_ical(), b"END:VCALENDAR\r\n"
    parts = (vevents[keys[row[0]]] for row in rows)
    return head[: -len(end)] + b"".join(parts) + end
