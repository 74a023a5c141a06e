"""Factories for tests, benchmarks and demo data."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from events.models import ArtForm, EventIndexPage, EventKind, EventPage, Showing, Troupe
from jindu.models import Region
from jindu.models.regions import RegionLevel


class ArtFormFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"节目{n}")

    class Meta:
        model = ArtForm
        django_get_or_create = ["name"]


class TroupeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"禁毒文艺宣传队{n}")
    home_town = "昌化镇"
    contact_person = "王队长"
    contact_phone = "13800000000"

    class Meta:
        model = Troupe


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "禁毒演出"
    slug = factory.Sequence(lambda n: f"shows-{n}")
    intro = "送戏下乡：禁毒文艺演出和宣传活动时间表。"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"禁毒文艺演出{n}")
    slug = factory.Sequence(lambda n: f"show-{n}")
    kind = EventKind.PERFORMANCE
    summary = "用群众听得懂的方言讲毒品的危害。"

    class Meta:
        model = EventPage
        skip_postgeneration_save = True

    @factory.post_generation
    def dialects(self, create, extracted, **kwargs):
        if create and extracted:
            self.dialects.set(extracted)
            self.save()

    @factory.post_generation
    def art_forms(self, create, extracted, **kwargs):
        if create and extracted:
            self.art_forms.set(extracted)
            self.save()


def local(year, month, day, hour=19, minute=30):
    """An aware datetime in the site's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute), timezone.get_default_timezone())


class ShowingFactory(factory.django.DjangoModelFactory):
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end = factory.LazyAttribute(lambda showing: showing.start + datetime.timedelta(hours=2))
    venue = "村委会文化广场"

    class Meta:
        model = Showing


def make_region_tree():
    """昌江县 with 昌化镇 (two villages) and 石碌镇 (one village)."""
    county = Region.add_root(code="469031", name="昌江黎族自治县", level=RegionLevel.DISTRICT)
    changhua = county.add_child(code="469031104", name="昌化镇", level=RegionLevel.TOWN)
    shilu = county.add_child(code="469031100", name="石碌镇", level=RegionLevel.TOWN)
    return {
        "county": county,
        "changhua": changhua,
        "shilu": shilu,
        "changcheng": changhua.add_child(code="469031104201", name="昌城村", level=RegionLevel.VILLAGE),
        "dafeng": changhua.add_child(code="469031104202", name="大风村", level=RegionLevel.VILLAGE),
        "shuiwei": shilu.add_child(code="469031100201", name="水尾村", level=RegionLevel.VILLAGE),
    }
