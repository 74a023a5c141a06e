from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jindu.models import Region

# The group whose members approve reports and set targets for their regions.
OFFICE_GROUP_NAME = "禁毒办"
# The group of town publicity officers who log reports from the field.
OFFICER_GROUP_NAME = "乡镇宣传员"


class RegionAssignment(models.Model):
    """A person reports for, or oversees, a region and everything below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="campaign_regions"
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("region assignment")
        verbose_name_plural = _("region assignments")
        constraints = [models.UniqueConstraint(fields=["user", "region"], name="campaigns_one_assignment_per_region")]

    def __str__(self):
        return f"{self.user} · {self.region.full_name}"
