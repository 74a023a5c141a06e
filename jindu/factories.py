"""Factories for tests, benchmarks and demo data."""

import datetime
import json

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from jindu.models import ArticleIndexPage, ArticlePage, CampaignTheme, Dialect, HomePage, MaterialKind, Region
from jindu.models.regions import RegionLevel


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("correct-horse-battery")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True


class HomePageFactory(wagtail_factories.PageFactory):
    title = "珍爱生命 远离毒品"
    slug = factory.Sequence(lambda n: f"home-{n}")
    intro = "了解毒品危害，学会拒绝。"

    class Meta:
        model = HomePage


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "禁毒知识"
    slug = factory.Sequence(lambda n: f"knowledge-{n}")

    class Meta:
        model = ArticleIndexPage


def paragraphs(*texts):
    """A StreamField body of paragraphs, as the raw JSON the field stores."""
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"} for text in texts], ensure_ascii=False)


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"禁毒知识文章{n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300))
    summary = "一篇关于毒品危害的科普文章。"
    body = factory.LazyAttribute(lambda page: paragraphs(f"这是{page.title}的正文，提醒大家珍爱生命。"))

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
            self.save()


class RegionFactory(factory.django.DjangoModelFactory):
    """A root region; use `parent.add_child(...)` for deeper ones."""

    code = factory.Sequence(lambda n: f"99{n:04d}")
    name = factory.Sequence(lambda n: f"示例市{n}")
    level = RegionLevel.CITY

    class Meta:
        model = Region

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return Region.add_root(**kwargs)


class DialectFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"方言{n}")

    class Meta:
        model = Dialect
        django_get_or_create = ["name"]


class MaterialKindFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"宣传册{n}")
    unit = "份"

    class Meta:
        model = MaterialKind
        django_get_or_create = ["name"]


class CampaignThemeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"禁毒宣传主题{n}")

    class Meta:
        model = CampaignTheme
        django_get_or_create = ["name"]
