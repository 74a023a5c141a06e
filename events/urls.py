"""URLs of the events app outside the page tree: calendar files and the JSON API."""

from django.urls import path

import jindu.converters  # noqa: F401  (registers <id:…>)
from events import views
from events.api import api_router

urlpatterns = [
    path("calendar/schedule-<id:index_id>.ics", views.schedule_feed, name="events_schedule_ics"),
    path("calendar/event-<id:event_id>.ics", views.event_feed, name="events_event_ics"),
    path("calendar/showing-<id:showing_id>.ics", views.showing_ics, name="events_showing_ics"),
    path("api/v2/", api_router.urls),
]
