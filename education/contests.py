"""Who may start a quiz, how many attempts are left, and contest rankings (best attempt counts)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from education import grading
from education.grading import QuizError, is_late
from education.models import Attempt, QuizPage, Result
from jindu.pagequeries import public
from schools.students import is_student, student_of, studies_at_stage


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
        if quiz.is_contest and quiz.stage and not studies_at_stage(user, quiz.stage):
            raise QuizError(_("This contest is for %(stage)s students only.") % {"stage": quiz.get_stage_display()})
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


def ranked(items, key):
    """[(rank, item)] for items already in order; equal keys share a rank (1, 2, 2, 4)."""
    rows = []
    previous, rank = object(), 0
    for position, item in enumerate(items, start=1):
        if key(item) != previous:
            rank, previous = position, key(item)
        rows.append((rank, item))
    return rows


def ranking(quiz, limit=20):
    """[(rank, result)] over every taker; for statistics only, never shown with names outside a school."""
    return ranked(best_results(quiz)[:limit], key=lambda result: result.score)


def mask_name(name):
    """王小明 → 王*明, 王明 → 王*: enough for classmates to recognise, too little to identify a minor outside."""
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) <= 2:
        return f"{name[0]}*"
    return f"{name[0]}*{name[-1]}"


def ranking_schools(user):
    """The schools whose students' masked names `user` may see in a ranking: a student's own, a staff member's."""
    from schools.scoping import visible_to

    if not user.is_authenticated:
        return set()
    scope = visible_to(user)
    schools = scope.admin_school_ids | scope.teacher_school_ids
    student = student_of(user)
    if student is not None:
        schools.add(student.school_id)
    return schools


def school_ranking(quiz, school_ids, limit=20):
    """[(rank, masked name, school id, score)] of the best results of these schools' students."""
    if not school_ids:
        return []
    results = (
        best_results(quiz)
        .filter(user__student__school_id__in=school_ids)
        .select_related("user__student")
        .only("score", "user__student__name", "user__student__school_id")[:limit]
    )
    return [
        (rank, mask_name(result.user.student.name), result.user.student.school_id, result.score)
        for rank, result in ranked(results, key=lambda result: result.score)
    ]


def best_result_of(quiz, user):
    if not user.is_authenticated:
        return None
    return Result.objects.filter(quiz=quiz, user=user).order_by("-score", "submitted_at", "pk").first()


def _per_quiz(queryset, aggregate):
    """A subquery of one aggregate over `queryset` rows of the outer quiz."""
    return Subquery(queryset.filter(quiz=OuterRef("pk")).values("quiz").annotate(value=aggregate).values("value"))


def open_contests_for(student, now=None):
    """The contests open now for the student's stage, with attempts used and the best score; one query.

    Each quiz gets `attempts_left` (None when unlimited) and `best_score` (None before a result).
    """
    user = student.user_id
    quizzes = (
        public(QuizPage.objects.live())
        .open_at(now)
        .contests_for_stage(student.school.stage)
        .annotate(
            attempts_used=_per_quiz(Attempt.objects.filter(user=user), Count("pk")),
            best_score=_per_quiz(Result.objects.filter(user=user), Max("score")),
        )
        .order_by(F("closes_at").asc(nulls_last=True), "path")
    )
    contests = list(quizzes)
    for quiz in contests:
        used = quiz.attempts_used or 0
        quiz.attempts_left = max(0, quiz.attempts_allowed - used) if quiz.attempts_allowed else None
    return contests
