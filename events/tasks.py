"""Schedule feeds made ahead: after an event is published the first subscriber's calendar app gets a kept feed."""

from django.conf import settings
from django.db import transaction
from django.test import RequestFactory
from django.utils import translation
from django_tasks import task


@task()
def warm_schedule_feeds():
    """Build and keep each live schedule's unfiltered feed, as a calendar app at the public address asks for it."""
    from events import views
    from events.models import EventIndexPage

    warmed = 0
    for index in EventIndexPage.objects.live().public():
        site = index.get_site()
        if site is None:
            continue
        host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
        request = RequestFactory().get(index.feed_url(), HTTP_HOST=host, secure=site.port == 443)
        with translation.override(settings.LANGUAGE_CODE):
            views.schedule_feed(request, index.pk)
        warmed += 1
    return warmed


def event_published(sender, instance, **kwargs):
    transaction.on_commit(warm_schedule_feeds.enqueue)
