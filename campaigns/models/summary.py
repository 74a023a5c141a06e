from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jindu.models import Region
from jindu.models.vocabulary import Campaign, MaterialKind

from .reference import ActivityType


class SummaryCell(models.Model):
    """The key of a summary row: one region's counted reports of one month, campaign and activity type.

    `live` splits the cell by the counting rule: True for reports that count with their approved
    figures, False for reports that were never approved and wait for approval (they count only
    when the dashboard includes submitted reports). Reports in neither class have no row.
    `own` rows hold the reports of the region itself; the other rows hold the reports of all the
    regions below it, so a city's dashboard reads its towns' rows and never its villages'.
    """

    # The unique constraints and the month index serve every lookup, so the keys need no index of their own.
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    activity_type = models.ForeignKey(
        ActivityType, verbose_name=_("activity type"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    live = models.BooleanField(_("approved"))
    own = models.BooleanField(
        _("own reports"),
        help_text=_("Whether the row holds the region's own reports, or those of every region below it."),
    )

    CELL_FIELDS = ("region", "month", "campaign", "activity_type", "live", "own")

    class Meta:
        abstract = True


def _unique(fields, name):
    """One row per key; a null campaign is a key of its own, which a plain unique constraint would not see."""
    return [
        models.UniqueConstraint(fields=fields, condition=Q(campaign__isnull=False), name=f"{name}_campaign"),
        models.UniqueConstraint(
            fields=[field for field in fields if field != "campaign"],
            condition=Q(campaign__isnull=True),
            name=f"{name}_no_campaign",
        ),
    ]


class MonthlySummary(SummaryCell):
    """Sums of the counted reports of one cell, kept current by `campaigns.summary` for the dashboard."""

    sessions = models.BigIntegerField(_("sessions held"), default=0)
    people = models.BigIntegerField(_("people reached"), default=0)
    households = models.BigIntegerField(_("households visited"), default=0)
    reports = models.PositiveIntegerField(_("reports"), default=0)

    class Meta:
        verbose_name = _("monthly summary")
        verbose_name_plural = _("monthly summaries")
        constraints = _unique(list(SummaryCell.CELL_FIELDS), "campaigns_summary_one_row")
        # The dashboard's reads are index-only scans on PostgreSQL (SQLite ignores `include`).
        indexes = [
            models.Index(
                fields=["region", "month"],
                include=[*SummaryCell.CELL_FIELDS[2:], "sessions", "people", "households", "reports"],
                name="campaigns_summary_region",
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.region_id}: {self.reports}"


class MaterialSummary(SummaryCell):
    """The quantity of one material kind handed out in the counted reports of one cell."""

    kind = models.ForeignKey(
        MaterialKind, verbose_name=_("material"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    quantity = models.BigIntegerField(_("quantity"), default=0)

    class Meta:
        verbose_name = _("monthly material summary")
        verbose_name_plural = _("monthly material summaries")
        constraints = _unique([*SummaryCell.CELL_FIELDS, "kind"], "campaigns_material_summary_one_row")
        indexes = [
            models.Index(
                fields=["region", "month"],
                include=[*SummaryCell.CELL_FIELDS[2:], "kind", "quantity"],
                name="campaigns_matsummary_region",
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.region_id} {self.kind_id}: {self.quantity}"
