"""Lesson progress and the log of who looked at student data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jindu.models import Region

from .courses import LessonPage
from .schools import School, SchoolClass, Student


class LessonProgress(models.Model):
    """One student's state in one lesson; complete when the video was watched and the quiz (if any) passed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="progress")
    # No column: joins progress straight to the student row on user_id, skipping the user table in reports.
    student = models.ForeignObject(
        Student, on_delete=models.DO_NOTHING, from_fields=["user"], to_fields=["user"], related_name="+", null=True
    )
    video_watched = models.BooleanField(_("video watched"), default=False)
    quiz_passed = models.BooleanField(_("quiz passed"), default=False)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="unique_progress_per_lesson")]
        indexes = [models.Index(fields=["lesson", "completed_at"], name="progress_lesson_completed")]

    def __str__(self):
        return f"{self.user_id} {self.lesson_id}"

    @property
    def is_complete(self):
        return self.completed_at is not None


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
        verbose_name = _("portal access")
        verbose_name_plural = _("portal access log")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.what}"
