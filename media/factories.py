"""Factories for the media app's tests, benchmarks and demo data."""

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtailmedia.models import get_media_model

from jindu.factories import CampaignThemeFactory, DialectFactory, MaterialKindFactory
from media.demo import DEMO_FILES, make_song, make_vtt
from media.models import MediaIndexPage, PublicityMaterial, SubtitleTrack, VideoPage


class MediaFactory(factory.django.DjangoModelFactory):
    """A playable video (a tiny MP4 from the demo files); pass type="audio" for a WAV."""

    title = factory.Sequence(lambda n: f"禁毒宣传视频{n}")
    type = "video"
    duration = 100
    width = 320
    height = 180

    class Meta:
        model = get_media_model()

    @factory.lazy_attribute
    def file(self):
        if self.type == "audio":
            return ContentFile(make_song(2), name="song.wav")
        return ContentFile((DEMO_FILES / "refuse.mp4").read_bytes(), name="clip.mp4")


class SubtitleTrackFactory(factory.django.DjangoModelFactory):
    media = factory.SubFactory(MediaFactory)
    language = "zh-Hans"
    content = factory.LazyFunction(lambda: make_vtt(["拒绝毒品", "珍爱生命"], 10))
    cue_count = 2

    class Meta:
        model = SubtitleTrack


class MediaIndexPageFactory(wagtail_factories.PageFactory):
    title = "禁毒影音"
    slug = factory.Sequence(lambda n: f"media-{n}")

    class Meta:
        model = MediaIndexPage


class VideoPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"禁毒微电影{n}")
    slug = factory.Sequence(lambda n: f"video-{n}")
    media = factory.SubFactory(MediaFactory)
    poster = factory.SubFactory(wagtail_factories.ImageFactory)
    summary = "一部禁毒宣传短片。"
    transcript = "珍爱生命，远离毒品。"
    dialect = factory.SubFactory(DialectFactory, name="普通话")

    class Meta:
        model = VideoPage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
            self.save()


class DocumentFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"宣传折页{n}")
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4\n%demo\n", name="leaflet.pdf"))

    class Meta:
        model = get_document_model()


class PublicityMaterialFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"禁毒宣传资料{n}")
    kind = factory.SubFactory(MaterialKindFactory, name="海报", unit="张")
    theme = factory.SubFactory(CampaignThemeFactory)
    document = factory.SubFactory(DocumentFactory)

    class Meta:
        model = PublicityMaterial
