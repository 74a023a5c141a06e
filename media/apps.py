from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    """Video and audio library and downloadable publicity materials."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "media"
    verbose_name = _("Media library")

    def ready(self):
        from wagtailmedia.models import get_media_model

        media_model = get_media_model()
        post_save.connect(media_saved, sender=media_model, dispatch_uid="media_transcode_on_save")
        post_delete.connect(transcode_deleted, sender="media.VideoTranscode", dispatch_uid="media_transcode_deleted")


def media_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from media import transcoding

    transcoding.queue_for(instance)


def transcode_deleted(sender, instance, **kwargs):
    from media import transcoding

    folder = instance.folder
    transaction.on_commit(lambda: transcoding.delete_folder(folder), robust=True)
