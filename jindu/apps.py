from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JinduConfig(AppConfig):
    """Site-wide pieces: users, regions, home and article pages, search."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "jindu"
    verbose_name = _("Jindu site")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
        from wagtail.models import Page, get_page_models
        from wagtail.signals import page_unpublished, post_page_move

        from jindu import pagecache, public_address, twofactor  # noqa: F401  (twofactor: its user_logged_in receiver)
        from jindu.forms import PageForm

        for signal in (post_save, post_delete, m2m_changed, page_unpublished, post_page_move):
            signal.connect(pagecache.content_changed, dispatch_uid="jindu_page_cache")

        post_migrate.connect(public_address.site_from_base_url, sender=self, dispatch_uid="jindu_public_address")

        from jindu import jobs, notifications

        # A finished or failed job tells its owner in the inbox (and by e-mail when that is on).
        jobs.job_finished.connect(
            lambda sender, job, **kwargs: notifications.notify_job_finished(job),
            weak=False,
            dispatch_uid="jindu_job_inbox",
        )

        # Every page type without a form of its own gets the pinyin slug (wagtail.admin gives Page its form later).
        for model in get_page_models():
            if model is not Page and getattr(model, "base_form_class", None) is None:
                model.base_form_class = PageForm
