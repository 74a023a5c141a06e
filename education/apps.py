from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    """Courses, lessons, quizzes, contests and certificates."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "education"
    verbose_name = _("Education")

    def ready(self):
        # The admin forms import the models, so they are attached here rather than in the models.
        from education.forms import QuestionAdminForm, QuizPageForm
        from education.models import Question, QuizPage

        Question.base_form_class = QuestionAdminForm
        QuizPage.base_form_class = QuizPageForm

        # A video watched through the media app's honest tracking completes lessons that show it.
        from education.completion import on_media_watched
        from media.signals import media_watched

        media_watched.connect(on_media_watched, dispatch_uid="education_lesson_video_watched")

        # Students hear of a new contest for their stage in their inbox.
        from education import notices

        notices.connect_signals()
