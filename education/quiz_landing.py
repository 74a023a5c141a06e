"""What a quiz page shows before a paper is started: its window, the taker's open attempt, refusal or rankings.

The quiz page model builds its context from here; the taking views share the open-attempt lookup.
"""

from collections import Counter

from django.utils import timezone

from education import contests, grading
from education.models import Attempt
from jindu.models import Region
from jindu.models.regions import RegionLevel
from jindu.pagecache import remember
from schools import rates
from schools.models import PortalAccess, School
from schools.portal.access import SCREEN_RANKING, log_access

SESSION_OPEN_ATTEMPTS = "education_open_attempts"


def quiz_landing_context(quiz, request):
    user = request.user
    context = {
        "window_state": quiz.window_state(),
        "question_total": remember(f"question-total:{quiz.pk}:{quiz.latest_revision_id}", quiz.question_total),
        "resume": None,
        "refusal": None,
        "attempts_left": contests.attempts_left(quiz, user),
        "town_groups": [],
    }
    resume = contests.open_attempt(quiz, user) or anonymous_open_attempt(request, quiz)
    if resume:
        context["resume"] = resume
    else:
        try:
            contests.check_can_start(quiz, user)
        except grading.QuizError as refusal:
            context["refusal"] = refusal.message
    if quiz.ask_region and not quiz.students_only:
        context["town_groups"] = remember("town-groups", town_groups)  # regions: kept until the next change
    if user.is_authenticated:
        context["best_result"] = contests.best_result_of(quiz, user)
        if quiz.is_contest:
            context["class_ranking"] = rates.class_ranking(quiz)
            context["school_ranking"] = _school_ranking(request, quiz)
            context["certificate"] = quiz.certificates.filter(user=user).first()
    return context


def _school_ranking(request, quiz):
    """Masked names of the viewer's own school(s) only; each look is logged per school."""
    rows = contests.school_ranking(quiz, contests.ranking_schools(request.user))
    for school_id, count in Counter(row[2] for row in rows).items():
        log_access(request, PortalAccess.Action.VIEW, SCREEN_RANKING, school=School(pk=school_id), rows=count)
    return rows


def town_groups():
    """[(county name, [towns])] for the town picker, in tree order; two queries."""
    parents = {region.path: region for region in Region.objects.filter(level__lt=RegionLevel.TOWN)}
    groups = {}
    for town in Region.objects.towns():
        parent = parents.get(town.path[: -Region.steplen])
        groups.setdefault(parent.name if parent else "", []).append(town)
    return list(groups.items())


def anonymous_open_attempt(request, quiz):
    if request.user.is_authenticated:
        return None
    token = request.session.get(SESSION_OPEN_ATTEMPTS, {}).get(str(quiz.pk))
    if not token:
        return None
    attempt = Attempt.objects.filter(token=token, user__isnull=True, result__isnull=True).first()
    if attempt is None or grading.is_late(attempt, timezone.now()):
        return None
    return attempt
