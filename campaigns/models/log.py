from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager

from .reports import ActivityReport


class ActivityReportLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(report_id=instance.pk)
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        return self.filter(report_id=instance.pk)

    def viewable_by_user(self, user):
        """The entries of the reports the user may open; the site history asks this."""
        if user.is_superuser:
            return self.all()
        from campaigns.permissions import ACCESS_ACTIONS, report_permission_policy

        reports = report_permission_policy.instances_user_has_any_permission_for(user, ACCESS_ACTIONS)
        return self.filter(report_id__in=reports.values("pk"))


class ActivityReportLogEntry(BaseLogEntry):
    """The audit trail of one activity report, kept apart so that it can be scoped by region."""

    report = models.ForeignKey(
        ActivityReport, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("report")
    )

    objects = ActivityReportLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("activity report log entry")
        verbose_name_plural = _("activity report log entries")

    @cached_property
    def object_id(self):
        return self.report_id
