"""API v2 endpoint for the video and audio library: the file, its size and length, poster, subtitles, transcript."""

from rest_framework import serializers
from wagtail.api import APIField

from jindu.apiviews import ImageField, PublicPagesAPIViewSet, TagNamesField, file_size, file_url
from jindu.public_address import absolute_url
from media.models import SubtitleTrack, VideoPage


class MediaFileField(serializers.Field):
    """A wagtailmedia item as a player needs it: file address, bytes, seconds, size, thumbnail, subtitle tracks."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, media):
        if media is None:
            return None
        request = self.context.get("request")
        tracks = SubtitleTrack.objects.filter(media_id=media.pk).for_player()
        return {
            "type": media.type,
            "url": file_url(media.file, request),
            "file_size": file_size(media.file),
            "duration": media.duration,
            "width": media.width,
            "height": media.height,
            "thumbnail": file_url(media.thumbnail, request),
            "subtitles": [
                {
                    "language": track.language,
                    "label": track.get_language_display(),
                    "default": track.is_default,
                    "url": absolute_url(track.url, request),
                }
                for track in tracks
            ],
        }


class VideosAPIViewSet(PublicPagesAPIViewSet):
    """Live video and audio pages, newest first unless `?order=` says otherwise."""

    model = VideoPage
    body_fields = PublicPagesAPIViewSet.body_fields + [
        "date",
        "summary",
        "dialect",
        "transcript",
        APIField("tags", serializer=TagNamesField()),
        APIField("poster", serializer=ImageField("fill-640x360")),
        APIField("media", serializer=MediaFileField()),
    ]
    listing_default_fields = PublicPagesAPIViewSet.listing_default_fields + [
        "date",
        "summary",
        "dialect",
        "poster",
        "media",
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("media", "poster").order_by("-date", "-pk")
