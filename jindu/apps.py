from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JinduConfig(AppConfig):
    """Site-wide pieces: users, regions, home and article pages, search."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "jindu"
    verbose_name = _("Jindu site")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.signals import page_unpublished, post_page_move

        from jindu import pagecache, twofactor  # noqa: F401  (twofactor: its user_logged_in receiver)
        from jindu.search import segment

        for signal in (post_save, post_delete, m2m_changed, page_unpublished, post_page_move):
            signal.connect(pagecache.content_changed, dispatch_uid="jindu_page_cache")

        # Load jieba's model and our dictionary now, not on the first search.
        segment.initialize()
