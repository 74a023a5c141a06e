from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    """Video and audio library and downloadable publicity materials."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "media"
    verbose_name = _("Media library")
