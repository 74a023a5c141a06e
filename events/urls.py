"""URLs of the events app outside the page tree: calendar files and the JSON API."""

from django.urls import path

from events import views
from events.api import api_router

urlpatterns = [
    path("calendar/schedule-<int:index_id>.ics", views.schedule_feed, name="events_schedule_ics"),
    path("calendar/event-<int:event_id>.ics", views.event_feed, name="events_event_ics"),
    path("calendar/showing-<int:showing_id>.ics", views.showing_ics, name="events_showing_ics"),
    path("api/v2/", api_router.urls),
]
