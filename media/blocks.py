"""Video and audio blocks for any StreamField: the same player as the video pages, with subtitles."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtailmedia.blocks import AudioChooserBlock, VideoChooserBlock


class PlayerStructValue(blocks.StructValue):
    """What the player template needs, worked out here rather than in the template."""

    @property
    def item(self):
        return self.get("video") or self.get("audio")

    def subtitle_tracks(self):
        # Imported here: jindu.blocks imports this module while the page models are loading.
        from media.models import SubtitleTrack

        item = self.item
        return SubtitleTrack.objects.filter(media=item).for_player() if item else []


class VideoBlock(blocks.StructBlock):
    """A video with its poster and subtitles in the browser's own player."""

    video = VideoChooserBlock(label=_("Video"))
    poster = ImageChooserBlock(
        label=_("Poster image"), required=False, help_text=_("Shown before the video plays; 16:9 works best.")
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "media"
        template = "media/blocks/player_block.html"
        label = _("Video")
        description = _("A video from the media library, with subtitles")
        value_class = PlayerStructValue


class AudioBlock(blocks.StructBlock):
    """An audio recording, e.g. a village song, with subtitles shown in the player."""

    audio = AudioChooserBlock(label=_("Audio"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "media"
        template = "media/blocks/player_block.html"
        label = _("Audio")
        description = _("An audio recording from the media library, with subtitles")
        value_class = PlayerStructValue
