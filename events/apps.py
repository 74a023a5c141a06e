from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Performances and outreach events with their showings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from wagtail.signals import page_published

        from events.models import EventPage
        from events.tasks import event_published

        page_published.connect(event_published, sender=EventPage, dispatch_uid="events_warm_feeds")
