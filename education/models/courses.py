"""Courses and lessons: the page tree students learn from."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.shortcuts import redirect, resolve_url
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtailmedia.settings import wagtailmedia_settings

from jindu.blocks import BodyBlock
from jindu.models.pages import SharingMixin
from jindu.pagequeries import KeptRestrictionsMixin, public
from schools.models.schools import Stage, grade_label


class CourseIndexPage(KeptRestrictionsMixin, SharingMixin, Page):
    """The list of courses, grouped by stage."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = Page.promote_panels + SharingMixin.sharing_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["jindu.HomePage"]
    subpage_types = ["education.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course index page")

    def courses(self):
        return public(CoursePage.objects.live()).child_of(self).order_by("stage", "grade", "path")

    def get_context(self, request, *args, **kwargs):
        from education.completion import course_progress_for

        context = super().get_context(request, *args, **kwargs)
        courses = list(self.courses())
        context["courses"] = courses
        context["progress"] = course_progress_for(request.user, courses)
        return context


class CoursePage(KeptRestrictionsMixin, SharingMixin, Page):
    """A course for one stage (and optionally one grade) with the class hours it requires."""

    intro = models.TextField(_("introduction"), blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    grade = models.PositiveSmallIntegerField(
        _("grade"), null=True, blank=True, help_text=_("Leave empty if the course is for every grade of the stage.")
    )
    required_class_hours = models.DecimalField(
        _("required class hours"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("Class hours (课时) each student must complete; normally the sum of its lessons' class hours."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("stage"), FieldPanel("grade"), FieldPanel("required_class_hours")]),
    ]
    promote_panels = Page.promote_panels + SharingMixin.sharing_panels
    search_fields = Page.search_fields + [index.SearchField("intro"), index.FilterField("stage")]

    parent_page_types = ["education.CourseIndexPage"]
    subpage_types = ["education.LessonPage"]

    class Meta:
        verbose_name = _("course")

    @property
    def audience(self):
        stage = self.get_stage_display()
        return f"{stage} {grade_label(self.grade)}" if self.grade else stage

    def lessons(self):
        return LessonPage.objects.live().child_of(self).order_by("path")

    def applies_to(self, stage, grade):
        return self.stage == stage and (self.grade is None or self.grade == grade)

    def get_context(self, request, *args, **kwargs):
        from education.completion import completed_lesson_ids
        from schools.students import student_of

        context = super().get_context(request, *args, **kwargs)
        lessons = list(self.lessons())
        student = student_of(request.user)
        done = completed_lesson_ids(request.user, lessons) if student else set()
        context["lessons"] = [(lesson, lesson.pk in done) for lesson in lessons]
        context["student"] = student
        context["done_count"] = len(done)
        context["percent"] = round(100 * len(done) / len(lessons)) if lessons else 0
        return context


class LessonPage(KeptRestrictionsMixin, SharingMixin, Page):
    """One lesson: a video, text and an optional quiz; worth some class hours."""

    intro = models.TextField(_("introduction"), blank=True)
    video = models.ForeignKey(
        wagtailmedia_settings.MEDIA_MODEL,
        verbose_name=_("video"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Students must watch it through for the lesson to count."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    quiz = models.ForeignKey(
        "education.QuizPage",
        verbose_name=_("quiz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
        help_text=_("If set, students must also pass this quiz for the lesson to count."),
    )
    class_hours = models.DecimalField(
        _("class hours"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text=_("Class hours (课时) credited when a student completes this lesson."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("video"),
        FieldPanel("body"),
        FieldPanel("quiz"),
        FieldPanel("class_hours"),
    ]
    promote_panels = Page.promote_panels + SharingMixin.sharing_panels
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["education.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    @property
    def has_quiz(self):
        return self.quiz_id is not None

    def serve(self, request, *args, **kwargs):
        from schools.students import student_of

        student = student_of(request.user)
        if student is not None and student.must_change_password:
            # A one-time password from the class sheet must be replaced before any lesson counts.
            return redirect("portal:change_password")
        return super().serve(request, *args, **kwargs)

    def clean(self):
        from media.tracking import check_trackable

        super().clean()
        check_trackable(self.video, "video")

    @property
    def poster_url(self):
        """The video's own thumbnail, shown before it plays."""
        return self.video.thumbnail.url if self.video_id and self.video.thumbnail else ""

    def subtitle_tracks(self):
        from media.models import SubtitleTrack

        return SubtitleTrack.objects.filter(media_id=self.video_id).for_player() if self.video_id else []

    def get_context(self, request, *args, **kwargs):
        from education.lessons import lesson_state

        context = super().get_context(request, *args, **kwargs)
        state = lesson_state(self, request.user)
        context["state"] = state
        context["student"] = state.student
        context["progress"] = state.progress
        if not request.user.is_authenticated:
            context["sign_in_url"] = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
        return context
