from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.models.workflows import AbstractGroupApprovalTask
from wagtail.search import index

from jindu.models import Region
from jindu.models.vocabulary import Campaign, MaterialKind

from .reference import ActivityType

# Figures above this in one cell are typing slips, not publicity work.
MAX_FIGURE = 10_000_000


def max_people_per_session():
    return getattr(settings, "CAMPAIGNS_MAX_PEOPLE_PER_SESSION", 1000)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")


def counted_condition(prefix="", include_submitted=False):
    """The reports whose figures count, as a Q through `prefix`: approved ones, and submitted ones when asked.

    An approved report being edited is live with its approved figures, so it counts with those.
    """
    condition = models.Q(**{f"{prefix}live": True})
    if include_submitted:
        condition |= models.Q(**{f"{prefix}status": ReportStatus.SUBMITTED})
    return condition


class ActivityReportQuerySet(models.QuerySet):
    def counted(self, include_submitted=False):
        """The reports whose figures count: approved ones, and submitted ones when asked."""
        return self.filter(counted_condition(include_submitted=include_submitted))

    def in_region(self, region):
        return self.filter(region__path__startswith=region.path)


class ActivityReport(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """What one publicity activity achieved, logged by a town officer and approved by the office.

    The row holds the approved figures once a report is approved; later edits wait in revisions
    until they are approved too. `status` mirrors the workflow so roll-ups need no join.
    """

    title = models.CharField(
        _("activity"),
        max_length=100,
        blank=True,
        help_text=_("A short name or place, e.g. 竹山文化广场文艺汇演. Optional."),
    )
    date = models.DateField(_("date"), db_index=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("town or village"),
        on_delete=models.PROTECT,
        related_name="activity_reports",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    # Empty only on drafts: a draft needs no more than a date and a place; sending requires a type.
    activity_type = models.ForeignKey(
        ActivityType,
        verbose_name=_("activity type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    sessions = models.PositiveIntegerField(_("sessions held"), default=1, validators=[MaxValueValidator(MAX_FIGURE)])
    people_reached = models.PositiveIntegerField(
        _("people reached"), default=0, validators=[MaxValueValidator(MAX_FIGURE)]
    )
    households_visited = models.PositiveIntegerField(
        _("households visited"), default=0, validators=[MaxValueValidator(MAX_FIGURE)]
    )
    large_audience_confirmed = models.BooleanField(
        _("large audience confirmed"),
        default=False,
        help_text=_("Tick when more people than usual per session really took part, e.g. a live broadcast."),
    )
    notes = models.TextField(_("notes"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    showing = models.ForeignKey(
        "events.Showing",
        verbose_name=_("showing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity_reports",
        help_text=_("The performance this report follows up, if it was one from the schedule."),
    )
    # The key of the form that created the report: sending the same form twice finds this report again.
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = ActivityReportQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("notes"),
        index.FilterField("live"),
        index.FilterField("date"),
        index.RelatedFields(
            "region",
            # The region's path is how the admin list keeps to the user's regions, also while searching.
            [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("path")],
        ),
    ]

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        permissions = [("review_activityreport", _("Can approve or send back activity reports"))]
        indexes = [
            models.Index(fields=["region", "date"], name="campaigns_report_region_date"),
            models.Index(fields=["date", "region"], name="campaigns_report_date_region"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.region.name} {self.label}"

    @property
    def label(self):
        """The activity's name, else its type's name."""
        return self.title or (self.activity_type.name if self.activity_type_id else "")

    def missing_for_sending(self):
        """{field: message} of what a report needs before the office can review it."""
        if self.activity_type_id is None:
            return {"activity_type": _("Choose the activity type before sending the report.")}
        return {}

    def clean(self):
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("The date cannot be in the future.")
        limit = max_people_per_session()
        sessions = self.sessions or 0
        if sessions == 0 and (self.people_reached or self.households_visited):
            errors["sessions"] = _("Enter at least one session when people were reached.")
        elif self.people_reached and self.people_reached > max(sessions, 1) * limit:
            if not self.large_audience_confirmed:
                errors["people_reached"] = _(
                    "That is more than %(limit)d people per session. Check the figure, or tick "
                    "“large audience confirmed” if it is right."
                ) % {"limit": limit}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        from campaigns import summary

        if not summary.touches_summary(kwargs.get("update_fields")):
            return super().save(*args, **kwargs)
        with summary.tracking(self):
            return super().save(*args, **kwargs)

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        # The status follows the workflow, not the revision being looked at.
        obj.status = self.status
        obj.reporter_id = self.reporter_id or obj.reporter_id
        return obj

    def material_quantity(self, kind):
        return sum(line.quantity for line in self.materials.all() if line.kind_id == kind.pk)


class ReportMaterial(models.Model):
    """One line of a report: so many of one material kind handed out."""

    report = ParentalKey(ActivityReport, on_delete=models.CASCADE, related_name="materials")
    kind = models.ForeignKey(MaterialKind, verbose_name=_("material"), on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MaxValueValidator(MAX_FIGURE)])

    class Meta:
        verbose_name = _("material handed out")
        verbose_name_plural = _("materials handed out")
        constraints = [models.UniqueConstraint(fields=["report", "kind"], name="campaigns_one_line_per_kind")]

    def __str__(self):
        return f"{self.kind} × {self.quantity}"


def photo_path(instance, filename):
    now = timezone.localdate()
    return f"campaigns/photos/{now:%Y/%m}/{filename}"


class ReportPhoto(models.Model):
    """A photo taken at the activity."""

    report = ParentalKey(ActivityReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_path)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.image.name.rsplit("/", 1)[-1]


def pending_photo_path(instance, filename):
    return f"campaigns/pending/{timezone.localdate():%Y/%m}/{filename}"


class PendingPhoto(models.Model):
    """A photo uploaded for a report form not yet saved, kept so that a validation error does not lose it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    form_key = models.UUIDField(db_index=True)
    # Named by the phone for a photo it kept while offline, so a resent photo is stored once.
    photo_key = models.UUIDField(null=True, blank=True)
    image = models.ImageField(_("photo"), upload_to=pending_photo_path)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo waiting for its report")
        verbose_name_plural = _("photos waiting for their report")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "form_key", "photo_key"],
                condition=models.Q(photo_key__isnull=False),
                name="campaigns_pendingphoto_once_per_photo_key",
            )
        ]

    def __str__(self):
        return self.image.name.rsplit("/", 1)[-1]


class OfficeReviewTask(AbstractGroupApprovalTask):
    """Approval by the office group, limited to reports inside the reviewer's own regions."""

    def _may_review(self, obj, user):
        from campaigns.access import can_review

        return isinstance(obj, ActivityReport) and can_review(user, obj)

    def user_can_access_editor(self, obj, user):
        return super().user_can_access_editor(obj, user) and (user.is_superuser or self._may_review(obj, user))

    def locked_for_user(self, obj, user):
        return not self.user_can_access_editor(obj, user)

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._may_review(obj, user)):
            return []
        return [
            ("reject", _("Send back"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from campaigns.access import visible_reports

        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        ids = [
            str(pk) for pk in visible_reports(user).filter(status=ReportStatus.SUBMITTED).values_list("pk", flat=True)
        ]
        return states.filter(workflow_state__object_id__in=ids)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve the reports of their own regions")

    class Meta:
        verbose_name = _("office review")
        verbose_name_plural = _("office reviews")
