"""Thin views over the schedule's calendar feeds; the listings, month calendar and poster are events/schedule.py."""

import datetime
import hashlib

from django.db.models import Count, Max
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language

from events.filters import ScheduleFilterForm
from events.ical import build_calendar, calendar_bytes
from events.models import EventIndexPage, EventPage, Showing
from jindu.pagecache import remember
from jindu.public_address import page_url
from jindu.spreadsheets import download_response

# Subscribed calendars keep a year of history; older showings drop out of the feed.
FEED_HISTORY = datetime.timedelta(days=365)
# A feed is rebuilt when its showings change (see feed_cache_key); this only bounds stale entries.
FEED_CACHE_SECONDS = 60 * 60


def ics_response(calendar, filename, attachment):
    body = calendar if isinstance(calendar, bytes) else calendar.to_ical()
    return download_response(body, filename, "text/calendar; charset=utf-8", attachment=attachment, private=False)


def url_maker(request):
    cache = {}

    def event_url(event_page):
        if event_page.pk not in cache:
            cache[event_page.pk] = page_url(event_page, request)
        return cache[event_page.pk]

    return event_url


def site_domain(page, request):
    site = page.get_site()
    return site.hostname if site else request.get_host().split(":")[0]


def live_page_or_404(model, pk):
    page = get_object_or_404(model.objects.live().public(), pk=pk)
    return page


def feed_cache_key(request, index, showings):
    """Changes whenever a showing in the feed changes, one is added or removed, or an event is republished."""
    state = showings.aggregate(count=Count("pk"), changed=Max("changed_at"), published=Max("event__last_published_at"))
    parts = [
        index.pk,
        request.get_host(),
        request.GET.urlencode(),
        timezone.localdate(),
        get_language(),
        *state.values(),
    ]
    return "events-feed:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def schedule_feed(request, index_id):
    index = live_page_or_404(EventIndexPage, index_id)
    base = index.showings()
    form = ScheduleFilterForm(request.GET, base, past=True, schedule=index)
    showings = form.apply(base).filter(end__gte=timezone.now() - FEED_HISTORY)
    name = " · ".join([index.title, *form.labels()])
    body = remember(
        feed_cache_key(request, index, showings),
        lambda: calendar_bytes(showings.order_by("start", "pk"), name, site_domain(index, request), url_maker(request)),
        seconds=FEED_CACHE_SECONDS,
        until_release=True,
    )
    return ics_response(body, "schedule.ics", attachment=False)


def event_feed(request, event_id):
    event_page = live_page_or_404(EventPage, event_id)
    showings = event_page.showings.all().for_listing().order_by("start", "pk")
    calendar = build_calendar(showings, event_page.title, site_domain(event_page, request), url_maker(request))
    return ics_response(calendar, f"event-{event_page.pk}.ics", attachment=False)


def showing_ics(request, showing_id):
    showing = get_object_or_404(Showing.objects.for_listing(), pk=showing_id)
    event_page = live_page_or_404(EventPage, showing.event_id)
    calendar = build_calendar([showing], event_page.title, site_domain(event_page, request), url_maker(request))
    return ics_response(calendar, f"showing-{showing.pk}.ics", attachment=True)
