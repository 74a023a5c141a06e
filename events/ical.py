"""RFC 5545 calendars of showings, built with the icalendar package."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from events.models import ShowingStatus

PRODID = "-//Jindu//禁毒宣教平台 events//ZH"
# Ask subscribing calendar apps to check for changes twice a day.
REFRESH_INTERVAL = datetime.timedelta(hours=12)


def schedule_timezone():
    return ZoneInfo(settings.TIME_ZONE)


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


def build_calendar(showings, name, domain, event_url):
    """A calendar of `showings`; `event_url(event_page)` gives each event's full address."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    facts = {}
    for showing in showings:
        if showing.event_id not in facts:
            facts[showing.event_id] = EventFacts(showing.event, event_url(showing.event))
        calendar.add_component(showing_event(showing, facts[showing.event_id], domain))
    calendar.add_missing_timezones()
    return calendar
