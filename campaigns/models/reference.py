from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from jindu.models.vocabulary import CountedMixin, ListItem


class Campaign(index.Indexed, models.Model):
    """A named publicity drive with dates, e.g. 2024年全民禁毒宣传月."""

    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("e.g. 2024年全民禁毒宣传月"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    theme = models.ForeignKey(
        "jindu.CampaignTheme",
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


class ActivityType(CountedMixin, ListItem):
    """A kind of publicity activity: a school talk, a performance, door-to-door visits."""

    panels = ListItem.panels + CountedMixin.panels

    class Meta(ListItem.Meta):
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
