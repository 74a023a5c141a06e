"""Thin views over the schedule: listings, the month calendar, calendar feeds and the poster."""

import datetime
import hashlib

import segno
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.filters import ScheduleFilterForm
from events.ical import build_calendar, calendar_bytes
from events.models import ArtForm, Dialect, EventIndexPage, EventPage, Showing
from events.models.showings import next_month, previous_month
from events.month import month_weeks
from jindu.models.pages import paginate
from jindu.pagecache import keep_until, remember
from jindu.public_address import page_url
from jindu.spreadsheets import download_response

PER_PAGE = 30
# Subscribed calendars keep a year of history; older showings drop out of the feed.
FEED_HISTORY = datetime.timedelta(days=365)
# A feed is rebuilt when its showings change (see feed_cache_key); this only bounds stale entries.
FEED_CACHE_SECONDS = 60 * 60


def schedule_context(request, index, form, **extra):
    context = index.get_context(request)
    query = form.query_string
    context.update(
        {
            "filter_form": form,
            "filter_query": query,
            "filter_labels": form.labels(),
            "filter_errors": form.error_messages(),
            "query_prefix": f"{query}&" if query else "",
            "feed_url": index.feed_url() + (f"?{query}" if query else ""),
            **extra,
        }
    )
    return context


def with_event_urls(request, showings):
    """The showings as a list, each with `event_url`, worked out once per event rather than once per showing."""
    urls = {}
    showings = list(showings)
    for showing in showings:
        if showing.event_id not in urls:
            urls[showing.event_id] = showing.event.get_url(request)
        showing.event_url = urls[showing.event_id]
    return showings


def with_event_labels(showings):
    """Each showing with its event's `art_form_names` and `dialect_names`, kept per content change.

    The schedule shows them on every line; read from the page cache's generation they cost no
    query, and otherwise two for the whole page (as prefetching them would).
    """
    event_ids = sorted({showing.event_id for showing in showings})
    key = "event-labels:" + hashlib.sha256(",".join(map(str, event_ids)).encode()).hexdigest()
    labels = remember(key, lambda: event_label_names(event_ids))
    for showing in showings:
        showing.art_form_names, showing.dialect_names = labels.get(showing.event_id, ([], []))
    return showings


def event_label_names(event_ids):
    labels = {event_id: ([], []) for event_id in event_ids}
    for position, model in enumerate((ArtForm, Dialect)):
        for event_id, name in model.objects.filter(events__in=event_ids).values_list("events", "name"):
            labels[event_id][position].append(name)
    return labels


def schedule_listing(request, index, past):
    base = index.showings()
    form = ScheduleFilterForm(request.GET, base, past=past, schedule=index)
    filtered = form.apply(base)
    showings = filtered.past() if past else filtered.upcoming()
    page_of_showings = paginate(request, showings.for_schedule(), PER_PAGE)
    page_of_showings.object_list = with_event_labels(with_event_urls(request, page_of_showings.object_list))
    context = schedule_context(request, index, form, showings=page_of_showings, past=past)
    response = TemplateResponse(request, "events/event_index_page.html", context)
    return keep_until(response, filtered.next_change)


def schedule_month(request, index, year, month):
    if year is None:
        today = timezone.localdate()
        year, month = today.year, today.month
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    base = index.showings()
    form = ScheduleFilterForm(request.GET, base, with_month=False, schedule=index)
    in_month = form.apply(base).in_month(year, month)
    showings = with_event_urls(request, in_month.for_listing().order_by("start", "pk"))
    query = form.query_string
    suffix = f"?{query}" if query else ""
    context = schedule_context(
        request,
        index,
        form,
        year=year,
        month=month,
        weeks=month_weeks(year, month, showings),
        has_showings=bool(showings),
        month_date=datetime.date(year, month, 1),
        weekday_names=[WEEKDAYS_ABBR[day] for day in range(7)],
        previous_url=index.url_for("calendar_view", *previous_month(year, month)) + suffix,
        next_url=index.url_for("calendar_view", *next_month(year, month)) + suffix,
        this_month_url=index.url_for("calendar_view") + suffix,
    )
    return keep_until(TemplateResponse(request, "events/event_month.html", context), in_month.next_change)


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
    key = feed_cache_key(request, index, showings)
    body = cache.get(key)
    if body is None:
        name = " · ".join([index.title, *form.labels()])
        body = calendar_bytes(showings.order_by("start", "pk"), name, site_domain(index, request), url_maker(request))
        cache.set(key, body, FEED_CACHE_SECONDS)
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


def event_poster(request, event_page):
    url = page_url(event_page, request)
    qr_svg = segno.make(url, error="m").svg_inline(scale=6, dark="#000", light="#fff")
    context = {
        "page": event_page,
        "event_url": url,
        "qr_svg": mark_safe(qr_svg),  # segno's own SVG of our page address
        "showings": event_page.upcoming_showings() or event_page.all_showings(),
        "alt": _("QR code to the event page"),
    }
    return render(request, "events/event_poster.html", context)
