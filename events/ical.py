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


def showing_event(showing, event_page, event_url, domain):
    tz = schedule_timezone()
    item = Event()
    item.add("uid", showing_uid(showing, domain))
    item.add("dtstamp", showing.changed_at)
    item.add("last-modified", showing.changed_at)
    item.add("sequence", showing.sequence)
    item.add("dtstart", showing.start.astimezone(tz))
    item.add("dtend", showing.end.astimezone(tz))
    summary = event_page.title
    if showing.status == ShowingStatus.CANCELLED:
        summary = _("[Cancelled] %(title)s") % {"title": summary}
    elif showing.status == ShowingStatus.POSTPONED:
        summary = _("[Postponed] %(title)s") % {"title": summary}
    item.add("summary", summary)
    item.add("status", "CANCELLED" if showing.status == ShowingStatus.CANCELLED else "CONFIRMED")
    item.add("location", " ".join(part for part in (showing.place, showing.address) if part))
    if showing.latitude is not None and showing.longitude is not None:
        item.add("geo", (float(showing.latitude), float(showing.longitude)))
    item.add("description", showing_description(showing, event_page, event_url))
    item.add("url", event_url)
    categories = [event_page.get_kind_display(), *(art_form.name for art_form in event_page.art_forms.all())]
    item.add("categories", categories)
    return item


def showing_description(showing, event_page, event_url):
    lines = []
    if showing.status == ShowingStatus.POSTPONED and showing.postponed_from:
        original = timezone.localtime(showing.postponed_from)
        lines.append(_("Postponed; originally planned for %(time)s.") % {"time": f"{original:%Y-%m-%d %H:%M}"})
    elif showing.status == ShowingStatus.CANCELLED:
        lines.append(_("This showing is cancelled."))
    if showing.note:
        lines.append(showing.note)
    lines.append(event_page.summary)
    dialects = [dialect.name for dialect in event_page.dialects.all()]
    if dialects:
        lines.append(_("Language: %(dialects)s") % {"dialects": "、".join(dialects)})
    lines.append(event_url)
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
    for showing in showings:
        calendar.add_component(showing_event(showing, showing.event, event_url(showing.event), domain))
    calendar.add_missing_timezones()
    return calendar
