from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    """Courses, lessons, quizzes and the school portal."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "education"
    verbose_name = _("Education")
