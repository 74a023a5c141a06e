from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Performances and outreach events with their showings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events")
