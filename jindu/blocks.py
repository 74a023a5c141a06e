"""StreamField blocks shared by every page type that has a body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtailmedia.blocks import AudioChooserBlock, VideoChooserBlock


class HeadingBlock(blocks.CharBlock):
    """A section heading; it also feeds the page's table of contents."""

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        description = _("A section heading (h2)")
        max_length = 80


class ParagraphBlock(blocks.RichTextBlock):
    """Running text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "ol", "ul", "link", "document-link"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        label = _("Paragraph")
        description = _("Text with bold, italic, lists and links")


class CaptionedImageBlock(blocks.StructBlock):
    """An image whose alt text is required unless the editor marks it decorative."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        label = _("Image with caption")
        description = _("An image with alt text and an optional caption")


class QuoteBlock(blocks.StructBlock):
    """A quotation with who said it."""

    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=100)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")
        description = _("A quotation, e.g. what a villager said after a show")


class CalloutBlock(blocks.StructBlock):
    """A boxed key fact (知识点) readers should remember."""

    title = blocks.CharBlock(label=_("Title"), default="知识点", max_length=40)
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "help"
        template = "blocks/callout_block.html"
        label = _("Key point (知识点)")
        description = _("A highlighted fact to remember")


class DataTableBlock(TableBlock):
    """A simple table with an optional header row and caption."""

    class Meta:
        icon = "table"
        template = "blocks/table_block.html"
        label = _("Table")
        description = _("A table of figures, e.g. penalties or campaign numbers")


class ResponsiveEmbedBlock(EmbedBlock):
    """A video or post from an oEmbed provider."""

    class Meta:
        icon = "media"
        template = "blocks/embed_block.html"
        label = _("Embed")
        description = _("A video or post from another site, by its URL")


class PlayerStructValue(blocks.StructValue):
    """What the player template needs, worked out here rather than in the template."""

    @property
    def item(self):
        return self.get("video") or self.get("audio")

    def subtitle_tracks(self):
        # Through the media item's reverse relation, so the shared blocks need not import the media app.
        item = self.item
        return item.subtitle_tracks.for_player() if item else []


class VideoBlock(blocks.StructBlock):
    """A video with its poster and subtitles in the browser's own player."""

    video = VideoChooserBlock(label=_("Video"))
    poster = ImageChooserBlock(
        label=_("Poster image"), required=False, help_text=_("Shown before the video plays; 16:9 works best.")
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "media"
        template = "blocks/player_block.html"
        label = _("Video")
        description = _("A video from the media library, with subtitles")
        value_class = PlayerStructValue


class AudioBlock(blocks.StructBlock):
    """An audio recording, e.g. a village song, with subtitles shown in the player."""

    audio = AudioChooserBlock(label=_("Audio"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "media"
        template = "blocks/player_block.html"
        label = _("Audio")
        description = _("An audio recording from the media library, with subtitles")
        value_class = PlayerStructValue


class BodyBlock(blocks.StreamBlock):
    """The body of an article; later page types reuse it."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    table = DataTableBlock()
    embed = ResponsiveEmbedBlock()
    video = VideoBlock()
    audio = AudioBlock()
