"""Quiz pages: which questions, for whom, when, and how they are marked."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from jindu.models.pages import SharingMixin
from jindu.pagequeries import KeptRestrictionsMixin
from schools.models.schools import Stage

from .questions import AudienceBand, Difficulty


class QuizAudience(models.TextChoices):
    PUBLIC = "public", _("Everyone, without signing in")
    STUDENTS = "students", _("Signed-in students only")


class QuizPageQuerySet(PageQuerySet):
    def open_at(self, now=None):
        """Quizzes whose window holds `now` (no opening or closing time counts as always)."""
        now = now or timezone.now()
        return self.filter(
            Q(opens_at__isnull=True) | Q(opens_at__lte=now), Q(closes_at__isnull=True) | Q(closes_at__gt=now)
        )

    def for_public(self):
        """Awareness quizzes anyone may take without signing in."""
        return self.filter(audience=QuizAudience.PUBLIC, is_contest=False)

    def contests_for_stage(self, stage):
        """Contests for students of `stage`, including those set for every stage."""
        return self.filter(is_contest=True, audience=QuizAudience.STUDENTS).filter(Q(stage="") | Q(stage=stage))


class QuizPage(KeptRestrictionsMixin, SharingMixin, Page):
    """A quiz, a public awareness quiz or a knowledge contest (知识竞赛, 期末考试)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    audience = models.CharField(_("audience"), max_length=10, choices=QuizAudience.choices, default=QuizAudience.PUBLIC)
    is_contest = models.BooleanField(
        _("contest"),
        default=False,
        help_text=_("A knowledge contest or exam: students only, best attempt counts, certificates and rankings."),
    )
    counts_for_awareness = models.BooleanField(
        _("counts for the awareness rate"),
        default=False,
        help_text=_("Results of this quiz count towards the awareness rate (禁毒知识知晓率) the office reports."),
    )
    stage = models.CharField(
        _("stage"),
        max_length=12,
        choices=[("", _("Every stage")), *Stage.choices],
        blank=True,
        help_text=_("For a contest: students of this stage see it on their courses page."),
    )
    ask_region = models.BooleanField(
        _("ask for the town"),
        default=True,
        help_text=_("Anonymous takers may pick their town before starting, so the rate can be shown by region."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of correct answers needed to pass, in per cent."),
    )
    excellent_mark = models.PositiveSmallIntegerField(
        _("excellent mark (%)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of correct answers counted as excellent (优秀) in the official rates, in per cent."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Leave empty for no time limit."),
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=0,
        help_text=_("For signed-in takers; 0 means unlimited."),
    )
    shuffle_questions = models.BooleanField(_("shuffle question order"), default=True)
    shuffle_options = models.BooleanField(_("shuffle option order"), default=True)
    show_explanations = models.BooleanField(_("show explanations after submitting"), default=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("is_contest"),
                FieldPanel("stage"),
                FieldPanel("counts_for_awareness"),
                FieldPanel("ask_region"),
            ],
            heading=_("Who takes it"),
        ),
        InlinePanel("fixed_questions", label=_("Fixed questions"), heading=_("Fixed questions")),
        InlinePanel("draw_rules", label=_("Draw rule"), heading=_("Draw rules")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("pass_mark"),
                        FieldPanel("excellent_mark"),
                        FieldPanel("time_limit_minutes"),
                        FieldPanel("attempts_allowed"),
                    ]
                ),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("show_explanations"),
            ],
            heading=_("Rules"),
        ),
    ]
    promote_panels = Page.promote_panels + SharingMixin.sharing_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["jindu.HomePage", "jindu.ArticleIndexPage"]
    subpage_types = []
    template = "education/quiz_page.html"

    objects = PageManager.from_queryset(QuizPageQuerySet)()

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def clean(self):
        super().clean()
        errors = {}
        if self.is_contest and self.audience != QuizAudience.STUDENTS:
            errors["audience"] = _("A contest is for signed-in students only.")
        if self.excellent_mark < self.pass_mark:
            errors["excellent_mark"] = _("The excellent mark cannot be below the pass mark.")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The quiz must close after it opens.")
        if errors:
            raise ValidationError(errors)

    # Rules --------------------------------------------------------------------------------

    @property
    def students_only(self):
        return self.audience == QuizAudience.STUDENTS

    @property
    def time_limit(self):
        return datetime.timedelta(minutes=self.time_limit_minutes) if self.time_limit_minutes else None

    def window_state(self, now=None):
        """'not_open', 'open' or 'closed' at `now`."""
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return "not_open"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        return "open"

    def is_open(self, now=None):
        return self.window_state(now) == "open"

    def question_total(self):
        """How many questions a paper will hold (fixed ones plus those the rules draw)."""
        return len(self.fixed_questions.all()) + sum(rule.count for rule in self.draw_rules.all())

    def get_context(self, request, *args, **kwargs):
        from education.quiz_landing import quiz_landing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(quiz_landing_context(self, request))
        return context


class QuizQuestion(Orderable):
    """A question every paper of this quiz contains."""

    quiz = ParentalKey(QuizPage, related_name="fixed_questions", on_delete=models.CASCADE)
    question = models.ForeignKey(
        "education.Question", verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("fixed question")
        constraints = [models.UniqueConstraint(fields=["quiz", "question"], name="education_quizquestion_unique")]


class DrawRule(Orderable):
    """Draw `count` random questions matching a tag, audience band and difficulty for each paper."""

    quiz = ParentalKey(QuizPage, related_name="draw_rules", on_delete=models.CASCADE)
    count = models.PositiveSmallIntegerField(_("how many"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    tag = models.CharField(_("tag"), max_length=100, blank=True, help_text=_("e.g. 新型毒品; empty: any tag."))
    band = models.CharField(_("audience band"), max_length=10, choices=AudienceBand.choices, blank=True)
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices, null=True, blank=True)

    panels = [FieldRowPanel([FieldPanel("count"), FieldPanel("tag"), FieldPanel("band"), FieldPanel("difficulty")])]

    class Meta(Orderable.Meta):
        verbose_name = _("draw rule")
        verbose_name_plural = _("draw rules")

    def __str__(self):
        return f"{self.count} × {self.tag or '*'} {self.get_band_display() or ''}".strip()

    def candidates(self):
        from .questions import Question

        questions = Question.objects.for_band(self.band).tagged(self.tag)
        if self.difficulty:
            questions = questions.filter(difficulty=self.difficulty)
        return questions.distinct()
