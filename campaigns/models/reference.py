from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class Campaign(index.Indexed, models.Model):
    """A named publicity drive with dates, e.g. 2024年全民禁毒宣传月."""

    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("e.g. 2024年全民禁毒宣传月"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    description = models.TextField(_("description"), blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The campaign cannot end before it starts.")})


class ListItem(models.Model):
    """An entry of an editor-managed list with a unit and an order."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    unit = models.CharField(_("unit"), max_length=10, help_text=_("The counting word, e.g. 场, 份, 块."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True, help_text=_("Retired entries stay in old reports."))

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ActivityType(ListItem):
    """A kind of publicity activity: a school talk, a performance, door-to-door visits."""

    class Meta(ListItem.Meta):
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")


class MaterialKind(ListItem):
    """A kind of material handed out: brochures, proposal letters, banners."""

    class Meta(ListItem.Meta):
        verbose_name = _("material kind")
        verbose_name_plural = _("material kinds")
