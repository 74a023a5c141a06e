"""Attempts, their single result, and contest certificates."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(24)


def new_certificate_code():
    # Short enough to type from paper, long enough not to guess: 10 characters of base32.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _i in range(10))


class AttemptQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(result__isnull=False)


class Attempt(models.Model):
    """One sitting of a quiz: the paper the server dealt and the answers it received.

    The paper (questions, option order and answer key) never leaves the server; the browser only
    holds the token. Anonymous attempts hold no personal data: no user, no IP, no session key.
    """

    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    quiz = models.ForeignKey(
        "education.QuizPage", verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    region = models.ForeignKey(
        "jindu.Region",
        verbose_name=_("town"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paper = models.JSONField(_("paper"), default=list, editable=False)
    saved_answers = models.JSONField(_("answers saved so far"), default=dict, editable=False)
    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        indexes = [models.Index(fields=["quiz", "user"])]

    def __str__(self):
        return f"{self.quiz_id}:{self.token[:6]}"

    @property
    def question_count(self):
        return len(self.paper)

    def remaining_seconds(self, now=None):
        if not self.deadline:
            return None
        return max(0, int((self.deadline - (now or timezone.now())).total_seconds()))

    # Whether a result was stored when the attempt was read, for a loader that reads that with the
    # attempt (attempt_store.attempt_for_submit); None: ask the result relation.
    result_exists = None

    @property
    def is_submitted(self):
        return self.result_exists if self.result_exists is not None else hasattr(self, "result")


class Result(models.Model):
    """The one graded outcome of an attempt; the one-to-one key makes a second result impossible."""

    attempt = models.OneToOneField(Attempt, on_delete=models.CASCADE, primary_key=True, related_name="result")
    # Copied from the attempt so rates and rankings need no join.
    quiz = models.ForeignKey("education.QuizPage", on_delete=models.CASCADE, related_name="results")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="quiz_results"
    )
    region = models.ForeignKey("jindu.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    correct_count = models.PositiveSmallIntegerField(_("correct answers"))
    question_count = models.PositiveSmallIntegerField(_("questions"))
    score = models.PositiveSmallIntegerField(_("score"), help_text=_("Per cent of questions answered correctly."))
    passed = models.BooleanField(_("passed"))
    timed_out = models.BooleanField(_("time was up"), default=False)
    # Per question, in paper order: {"question": id, "chosen": [option ids], "correct": bool}.
    details = models.JSONField(_("details"), default=list)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        indexes = [models.Index(fields=["quiz", "submitted_at"]), models.Index(fields=["quiz", "user", "-score"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(correct_count__lte=models.F("question_count")), name="education_result_correct_lte_total"
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="education_result_score_lte_100"),
        ]

    def __str__(self):
        return f"{self.score}"

    @property
    def is_full_mark(self):
        return self.correct_count == self.question_count


class Certificate(models.Model):
    """A contest certificate; it always shows the holder's best result, verified by its public code."""

    code = models.CharField(_("code"), max_length=12, unique=True, default=new_certificate_code, editable=False)
    quiz = models.ForeignKey("education.QuizPage", on_delete=models.CASCADE, related_name="certificates")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_certificates")
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="+")
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [models.UniqueConstraint(fields=["quiz", "user"], name="education_certificate_one_per_contest")]

    def __str__(self):
        return self.code
