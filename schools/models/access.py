"""The log of who looked at student data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jindu.models import Region

from .schools import School, SchoolClass


class PortalAccess(models.Model):
    """Who viewed or exported which student data, when, and how many rows."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        IMPORT = "import", _("Imported")
        PASSWORDS = "passwords", _("Issued passwords")
        GRADUATE = "graduate", _("Graduated")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    what = models.CharField(_("what"), max_length=60)
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    school_class = models.ForeignKey(SchoolClass, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rows = models.PositiveIntegerField(_("rows"), default=0)
    ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        db_table = "education_portalaccess"
        verbose_name = _("portal access")
        verbose_name_plural = _("portal access log")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.what}"
