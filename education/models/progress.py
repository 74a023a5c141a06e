"""Lesson progress: a student's state in each lesson."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schools.models import Student

from .courses import LessonPage


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
