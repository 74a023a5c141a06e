"""The schedule's own pages, rendered for the routes of EventIndexPage and EventPage: listings, the month
calendar and the poster. Only the filters and the showing queryset are imported, never the page models."""

import datetime
import hashlib

import segno
from django.http import Http404
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from events.filters import ScheduleFilterForm
from events.models.showings import next_month, previous_month
from events.month import month_weeks
from jindu.models.pages import paginate
from jindu.pagecache import keep_until, remember
from jindu.public_address import page_url

PER_PAGE = 30


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


def filter_key(form):
    """The filter box's inputs as asked, and today's date (the month choices start from it)."""
    asked = [f"{name}={form.data.get(name, '')}" for name in form.fields]
    return "&".join([timezone.localdate().isoformat(), *asked])


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
    from events.models import ArtForm
    from jindu.models import Dialect

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
    context = schedule_context(
        request,
        index,
        form,
        showings=page_of_showings,
        past=past,
        # What the kept parts of the listing are made of: the showings on this page (a showing that
        # passes drops out, so the key moves with the clock), and the filters as asked plus the day
        # (the month choices follow the calendar).
        listing_key=",".join(str(showing.pk) for showing in page_of_showings.object_list),
        filter_key=filter_key(form),
    )
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


def event_poster(request, event_page):
    url = page_url(event_page, request)
    qr_svg = segno.make(url, error="m").svg_inline(scale=6, dark="#000", light="#fff")
    context = {
        "page": event_page,
        "event_url": url,
        "qr_svg": mark_safe(qr_svg),
        "showings": event_page.upcoming_showings() or event_page.all_showings(),
        "alt": _("QR code to the event page"),
    }
    return render(request, "events/event_poster.html", context)
