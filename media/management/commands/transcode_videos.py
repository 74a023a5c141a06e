from django.core.management.base import BaseCommand
from django.db import transaction
from wagtailmedia.models import get_media_model

from media import transcoding
from media.models import VideoTranscode


class Command(BaseCommand):
    help = (
        "Hand videos without finished renditions (or, with --all, every video) to the task worker to transcode; "
        "for videos uploaded before renditions existed or whose transcoding failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="transcode every video again")

    def handle(self, *args, **options):
        videos = get_media_model().objects.filter(type="video").exclude(file="")
        if not options["all"]:
            videos = videos.exclude(transcode__status__in=[VideoTranscode.Status.DONE, VideoTranscode.Status.RUNNING])
        queued = 0
        for media_item in videos.order_by("pk").iterator():
            with transaction.atomic():
                # A fresh start: forget the recorded source so queue_for does not skip it.
                VideoTranscode.objects.filter(media=media_item).update(source="")
                if transcoding.queue_for(media_item) is not None:
                    queued += 1
        self.stdout.write(f"{queued} video(s) handed to the worker.")
