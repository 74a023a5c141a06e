from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JinduConfig(AppConfig):
    """Site-wide pieces: users, regions, home and article pages, search."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "jindu"
    verbose_name = _("Jindu site")

    def ready(self):
        from jindu.search import segment

        # Load jieba's model and our dictionary now, not on the first search.
        segment.initialize()
