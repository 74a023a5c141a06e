"""Who may start a quiz, how many attempts are left, and contest rankings (best attempt counts)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from education import grading
from education.grading import QuizError, is_late
from education.models import Attempt, Result
from education.students import is_student


def attempts_left(quiz, user):
    """Attempts a signed-in taker may still start; None when unlimited."""
    if not quiz.attempts_allowed or not user.is_authenticated:
        return None
    used = Attempt.objects.filter(quiz=quiz, user=user).count()
    return max(0, quiz.attempts_allowed - used)


def open_attempt(quiz, user, now=None):
    """The signed-in taker's unfinished attempt still within its time, to resume instead of a new one."""
    if not user.is_authenticated:
        return None
    now = now or timezone.now()
    for attempt in Attempt.objects.filter(quiz=quiz, user=user, result__isnull=True).order_by("-started_at")[:5]:
        if not is_late(attempt, now):
            return attempt
    return None


def check_can_start(quiz, user, now=None):
    """Raise QuizError saying why `user` may not start a new attempt now."""
    state = quiz.window_state(now)
    if state == "not_open":
        raise QuizError(_("This quiz has not opened yet."))
    if state == "closed":
        raise QuizError(_("This quiz has closed."))
    if quiz.students_only:
        if not user.is_authenticated:
            raise QuizError(_("Please sign in with your student account to take this quiz."))
        if not is_student(user):
            raise QuizError(_("Only students may take this quiz."))
    left = attempts_left(quiz, user)
    if left is not None and left <= 0:
        raise QuizError(_("You have used all your attempts at this quiz."))


def start_new_attempt(quiz, user, region=None):
    """Resume the taker's open attempt or start one within the limit; raises QuizError when none is left.

    A signed-in taker's starts queue on a lock of their user row (PostgreSQL), so each one sees every attempt
    started before it and twenty simultaneous starts cannot exceed `attempts_allowed`.
    """
    if not user.is_authenticated:
        check_can_start(quiz, user)
        return grading.start_attempt(quiz, region=region)
    with transaction.atomic():
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
        resume = open_attempt(quiz, user)
        if resume is not None:
            return resume
        check_can_start(quiz, user)
        return grading.start_attempt(quiz, user=user, region=region)


def best_results(quiz):
    """Each taker's best result (highest score, then earliest), best first."""
    best = (
        Result.objects.filter(quiz=OuterRef("quiz"), user=OuterRef("user"))
        .order_by("-score", "submitted_at", "pk")
        .values("pk")[:1]
    )
    return (
        Result.objects.filter(quiz=quiz, user__isnull=False, pk=Subquery(best))
        .select_related("user")
        .order_by("-score", "submitted_at", "pk")
    )


def ranking(quiz, limit=20):
    """[(rank, result)]; equal scores share a rank (1, 2, 2, 4)."""
    rows = []
    previous_score, rank = None, 0
    for position, result in enumerate(best_results(quiz)[:limit], start=1):
        if result.score != previous_score:
            rank, previous_score = position, result.score
        rows.append((rank, result))
    return rows


def best_result_of(quiz, user):
    if not user.is_authenticated:
        return None
    return Result.objects.filter(quiz=quiz, user=user).order_by("-score", "submitted_at", "pk").first()
