"""The question bank: questions as snippets, with their options and tags."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

MIN_OPTIONS = 2
MAX_OPTIONS = 6


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")


class AudienceBand(models.TextChoices):
    PRIMARY = "primary", _("Primary school (小学)")
    JUNIOR = "junior", _("Junior middle school (初中)")
    SENIOR = "senior", _("Senior or vocational school (高中/中职)")
    PUBLIC = "public", _("General public (公众)")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


def option_count_errors(kind, options):
    """Why `options` ((text, is_correct) pairs) do not suit a question of `kind`: [(part, message)].

    `part` is "options" or "correct", so forms and imports can point at the right place.
    """
    errors = []
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        errors.append(
            (
                "options",
                _("A question needs between %(min)d and %(max)d options.") % {"min": MIN_OPTIONS, "max": MAX_OPTIONS},
            )
        )
    correct = sum(1 for _text, is_correct in options if is_correct)
    if kind == QuestionKind.TRUE_FALSE and len(options) != 2:
        errors.append(("options", _("A true-or-false question has exactly two options.")))
    if kind == QuestionKind.MULTIPLE and correct < 2:
        errors.append(("correct", _("A multiple-choice question needs at least two correct options.")))
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and correct != 1:
        errors.append(("correct", _("This kind of question needs exactly one correct option.")))
    texts = [text.strip() for text, _is_correct in options]
    if len(set(texts)) != len(texts):
        errors.append(("options", _("Two options have the same text.")))
    return errors


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey("education.Question", related_name="tagged_items", on_delete=models.CASCADE)


class QuestionQuerySet(models.QuerySet):
    def for_band(self, band):
        return self.filter(band=band) if band else self

    def tagged(self, tag_name):
        return self.filter(tags__name=tag_name) if tag_name else self


class Question(index.Indexed, ClusterableModel):
    """One question of the bank; quizzes pick from here by hand or by draw rules."""

    stem = models.TextField(_("question"), help_text=_("The question as the taker reads it, e.g. 下列哪种是毒品？"))
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Why the answer is right; shown after submitting if the quiz allows it."),
    )
    band = models.CharField(
        _("audience band"), max_length=10, choices=AudienceBand.choices, default=AudienceBand.PUBLIC
    )
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices, default=Difficulty.EASY)
    tags = ClusterTaggableManager(
        through=QuestionTag,
        blank=True,
        verbose_name=_("tags"),
        help_text=_("Topics for draw rules, e.g. 新型毒品, 法律, 拒毒技巧."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = QuestionQuerySet.as_manager()

    panels = [
        FieldPanel("stem"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("band"), FieldPanel("difficulty"), FieldPanel("tags")],
            heading=_("Details"),
        ),
        InlinePanel("options", label=_("Options"), min_num=MIN_OPTIONS, max_num=MAX_OPTIONS),
        FieldPanel("explanation"),
    ]
    search_fields = [
        index.SearchField("stem"),
        index.SearchField("explanation"),
        index.AutocompleteField("stem"),
        index.RelatedFields("tags", [index.SearchField("name"), index.AutocompleteField("name")]),
        index.RelatedFields("options", [index.SearchField("text")]),
        index.FilterField("kind"),
        index.FilterField("band"),
        index.FilterField("difficulty"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-pk"]

    def __str__(self):
        return self.stem if len(self.stem) <= 60 else self.stem[:59] + "…"

    def correct_option_ids(self):
        return {option.pk for option in self.options.all() if option.is_correct}


class QuestionOption(Orderable):
    """One answer option of a question."""

    question = ParentalKey(Question, related_name="options", on_delete=models.CASCADE)
    text = models.CharField(_("text"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)

    panels = [FieldPanel("text"), FieldPanel("is_correct")]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return self.text
