from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jindu.models import Region
from jindu.models.vocabulary import Campaign, MaterialKind


class Metric(models.TextChoices):
    SESSIONS = "sessions", _("Sessions held")
    PEOPLE = "people", _("People reached")
    HOUSEHOLDS = "households", _("Households visited")
    MATERIAL = "material", _("Materials handed out (one kind)")


class Target(models.Model):
    """What a region should achieve in a year or in a campaign, for one metric."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Fill in a year or a campaign.")
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, null=True, blank=True, related_name="targets"
    )
    metric = models.CharField(_("metric"), max_length=10, choices=Metric.choices)
    material_kind = models.ForeignKey(
        MaterialKind,
        verbose_name=_("material kind"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Only for the metric “materials handed out”."),
    )
    value = models.PositiveIntegerField(_("target"))

    class Meta:
        ordering = ["region__path", "-year", "metric"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True, campaign__isnull=False) | Q(year__isnull=False, campaign__isnull=True),
                name="campaigns_target_year_or_campaign",
            ),
            models.UniqueConstraint(
                fields=["region", "year", "metric"],
                condition=Q(campaign__isnull=True, material_kind__isnull=True),
                name="campaigns_target_unique_year_metric",
            ),
            models.UniqueConstraint(
                fields=["region", "year", "material_kind"],
                condition=Q(campaign__isnull=True, material_kind__isnull=False),
                name="campaigns_target_unique_year_material",
            ),
            models.UniqueConstraint(
                fields=["region", "campaign", "metric"],
                condition=Q(year__isnull=True, material_kind__isnull=True),
                name="campaigns_target_unique_campaign_metric",
            ),
            models.UniqueConstraint(
                fields=["region", "campaign", "material_kind"],
                condition=Q(year__isnull=True, material_kind__isnull=False),
                name="campaigns_target_unique_campaign_material",
            ),
        ]

    def __str__(self):
        what = self.material_kind.name if self.material_kind_id else self.get_metric_display()
        when = self.campaign.name if self.campaign_id else f"{self.year}"
        return f"{self.region.name} {when} {what}: {self.value}"

    @property
    def metric_key(self):
        """The key the roll-up uses for this metric: 'sessions', or 'material:<id>' for a kind."""
        return f"material:{self.material_kind_id}" if self.metric == Metric.MATERIAL else self.metric

    def clean(self):
        errors = {}
        if (self.year is None) == (self.campaign_id is None):
            errors["year"] = _("Fill in either a year or a campaign, not both.")
        if self.metric == Metric.MATERIAL and not self.material_kind_id:
            errors["material_kind"] = _("Choose the material kind.")
        if self.metric != Metric.MATERIAL and self.material_kind_id:
            errors["material_kind"] = _("A material kind goes only with the metric “materials handed out”.")
        if errors:
            raise ValidationError(errors)
