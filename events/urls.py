"""URLs of the events app outside the page tree: calendar files (the API is in jindu/api.py)."""

from django.urls import path

import jindu.converters  # noqa: F401  (registers <id:…>)
from events import views

urlpatterns = [
    path("calendar/schedule-<id:index_id>.ics", views.schedule_feed, name="events_schedule_ics"),
    path("calendar/event-<id:event_id>.ics", views.event_feed, name="events_event_ics"),
    path("calendar/showing-<id:showing_id>.ics", views.showing_ics, name="events_showing_ics"),
]
