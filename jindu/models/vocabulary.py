"""Words more than one app uses, each kept once and managed by editors: dialects, material kinds, campaigns and their themes."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class ListItem(models.Model):
    """An entry of a short list that editors keep, shown in the order they set."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Smaller numbers come first in lists and filters.")
    )

    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class CountedMixin(models.Model):
    """A counting word for figures of this entry, and whether new reports may still use it."""

    unit = models.CharField(_("unit"), max_length=10, help_text=_("The counting word, e.g. 场, 份, 块."))
    active = models.BooleanField(_("in use"), default=True, help_text=_("Retired entries stay in old reports."))

    panels = [FieldPanel("unit"), FieldPanel("active")]

    class Meta:
        abstract = True


class Dialect(ListItem):
    """A language or dialect a show is given in or a recording is spoken or sung in, e.g. 哥隆话 or 普通话."""

    class Meta(ListItem.Meta):
        verbose_name = _("dialect")
        verbose_name_plural = _("dialects")


class MaterialKind(CountedMixin, ListItem):
    """A kind of publicity material: handed out in activity reports, offered in the download centre."""

    panels = ListItem.panels + CountedMixin.panels

    class Meta(ListItem.Meta):
        verbose_name = _("material kind")
        verbose_name_plural = _("material kinds")


class CampaignTheme(ListItem):
    """A recurring campaign theme, e.g. 6·26 国际禁毒日: materials are grouped by it, campaigns belong to one."""

    class Meta(ListItem.Meta):
        verbose_name = _("campaign theme")
        verbose_name_plural = _("campaign themes")


class Campaign(index.Indexed, models.Model):
    """A named publicity drive with dates, e.g. 2024年全民禁毒宣传月."""

    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("e.g. 2024年全民禁毒宣传月"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    theme = models.ForeignKey(
        CampaignTheme,
        verbose_name=_("campaign theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
        help_text=_("The recurring theme this drive belongs to, e.g. 全民禁毒宣传月; its materials share it."),
    )
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
