from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from jindu.models.vocabulary import ListItem


class EventKind(models.TextChoices):
    PERFORMANCE = "performance", _("Stage performance (文艺演出)")
    SCHOOL_TALK = "school-talk", _("Talk in a school (进校园讲座)")
    EXHIBITION = "exhibition", _("Exhibition (展览)")
    PLEDGE = "pledge", _("Pledge ceremony (宣誓仪式)")
    FILM = "film", _("Film screening (影片放映)")
    VR = "vr", _("VR experience (VR体验)")
    SQUARE = "square", _("Publicity in the square (广场宣传)")
    RALLY = "rally", _("Rally or public drug destruction (集中宣传活动)")
    OTHER = "other", _("Other (其他)")


class ArtForm(ListItem):
    """A form of performance, e.g. 快板 or 三句半."""

    class Meta(ListItem.Meta):
        verbose_name = _("art form")
        verbose_name_plural = _("art forms")


class Troupe(index.Indexed, models.Model):
    """A troupe or team that gives the shows; its contact is for the office only."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    home_town = models.CharField(
        _("home town"), max_length=100, blank=True, help_text=_("Where the troupe comes from, e.g. 昌江县昌化镇.")
    )
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two public sentences about the troupe.")
    )
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    office_notes = models.TextField(_("notes for the office"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("home_town"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("contact_person"), FieldPanel("contact_phone"), FieldPanel("office_notes")],
            heading=_("For the office only: never shown to the public"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("home_town"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("troupe")
        verbose_name_plural = _("troupes")

    def __str__(self):
        return self.name
