"""Taking a quiz: the landing page context, starting, the paper, saving, submitting, the result."""

import functools
from collections import Counter

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from education import attempt_store, contests, grading, lessons, school_rates
from education.models import Attempt, PortalAccess, Question, QuestionOption, QuizPage, School
from education.portal.access import SCREEN_RANKING, log_access
from education.ratelimit import allow_anonymous_action
from jindu.models import Region
from jindu.models.regions import RegionLevel
from jindu.numbers import parse_id

SESSION_OPEN_ATTEMPTS = "education_open_attempts"


def quiz_landing_context(quiz, request):
    user = request.user
    context = {
        "window_state": quiz.window_state(),
        "question_total": quiz.question_total(),
        "resume": None,
        "refusal": None,
        "attempts_left": contests.attempts_left(quiz, user),
        "town_groups": [],
    }
    resume = contests.open_attempt(quiz, user) or _anonymous_open_attempt(request, quiz)
    if resume:
        context["resume"] = resume
    else:
        try:
            contests.check_can_start(quiz, user)
        except grading.QuizError as refusal:
            context["refusal"] = refusal.message
    if quiz.ask_region and not quiz.students_only:
        context["town_groups"] = town_groups()
    if user.is_authenticated:
        context["best_result"] = contests.best_result_of(quiz, user)
        if quiz.is_contest:
            context["class_ranking"] = school_rates.class_ranking(quiz)
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


def _anonymous_open_attempt(request, quiz):
    if request.user.is_authenticated:
        return None
    token = request.session.get(SESSION_OPEN_ATTEMPTS, {}).get(str(quiz.pk))
    if not token:
        return None
    attempt = Attempt.objects.filter(token=token, user__isnull=True, result__isnull=True).first()
    if attempt is None or grading.is_late(attempt, timezone.now()):
        return None
    return attempt


def _refuse(request, message, status=400, link=None, link_text=None):
    return render(
        request,
        "education/refusal.html",
        {"message": message, "link": link, "link_text": link_text},
        status=status,
    )


def chosen_region(quiz, value):
    if not value or not quiz.ask_region or quiz.students_only:
        return None
    pk = parse_id(value)
    if pk is None:
        return False
    return Region.objects.filter(pk=pk, level__gte=RegionLevel.TOWN).first() or False


@require_POST
def start(request, quiz_id):
    quiz = get_object_or_404(QuizPage.objects.live().public(), pk=quiz_id)
    back = functools.partial(quiz.get_url, request)  # a Site lookup: only for refusals
    if quiz.students_only and not request.user.is_authenticated:
        return redirect_to_login(back())
    lessons.remember_lesson(request, quiz)
    # A signed-in taker's open attempt and limit are checked inside start_new_attempt, under a lock.
    resume = None if request.user.is_authenticated else _anonymous_open_attempt(request, quiz)
    if resume:
        return redirect("education:attempt", token=resume.token)
    if not request.user.is_authenticated:
        try:
            contests.check_can_start(quiz, request.user)
        except grading.QuizError as refusal:
            return _refuse(request, refusal.message, status=403, link=back(), link_text=_("Back to the quiz"))
    region = chosen_region(quiz, request.POST.get("region"))
    if region is False:
        return _refuse(request, _("Please pick your town from the list."), link=back(), link_text=_("Back to the quiz"))
    if not allow_anonymous_action(request):
        return _refuse(request, _("Too many quizzes from this browser; please try again in an hour."), status=429)
    try:
        attempt = contests.start_new_attempt(quiz, request.user, region=region)
    except grading.QuizError as refusal:
        return _refuse(request, refusal.message, status=403, link=back(), link_text=_("Back to the quiz"))
    if not request.user.is_authenticated:
        open_attempts = request.session.get(SESSION_OPEN_ATTEMPTS, {})
        open_attempts[str(quiz.pk)] = attempt.token
        request.session[SESSION_OPEN_ATTEMPTS] = open_attempts
    return redirect("education:attempt", token=attempt.token)


def _attempt_with_quiz(token):
    return Attempt.objects.select_related("quiz", "result").filter(token=token).first()


def _own_attempt(request, token, load=_attempt_with_quiz):
    """The attempt behind `token`; a signed-in taker's attempt shows to that taker only.

    Submitting and saving load it with attempt_store.attempt_for_submit: one lean query.
    """
    attempt = load(token) if len(token) <= 40 else None
    if attempt is None:
        raise Http404
    if attempt.user_id and attempt.user_id != request.user.pk:
        raise Http404
    return attempt


def paper_items(attempt, values=None):
    """What the taker sees of the paper: stems and option texts with letters, never the key."""
    values = values or {}
    questions = Question.objects.in_bulk([item["question"] for item in attempt.paper])
    option_texts = dict(QuestionOption.objects.filter(question__in=questions.keys()).values_list("pk", "text"))
    items = []
    for position, item in enumerate(attempt.paper):
        name = grading.field_name(position)
        chosen = values.get(name, [])
        question = questions.get(item["question"])
        items.append(
            {
                "number": position + 1,
                "name": name,
                "stem": question.stem if question else _("(This question was removed.)"),
                "multiple": item["kind"] == "multiple",
                "kind": question.get_kind_display() if question else "",
                "options": [
                    {
                        "value": grading.option_value(index),
                        "text": option_texts.get(option_id, ""),
                        "checked": grading.option_value(index) in chosen,
                    }
                    for index, option_id in enumerate(item["options"])
                ],
            }
        )
    return items


@require_http_methods(["GET", "POST"])
def attempt_view(request, token):
    if request.method == "POST":
        return _submit(request, _own_attempt(request, token, load=attempt_store.attempt_for_submit))
    attempt = _own_attempt(request, token)
    result_url = reverse("education:result", kwargs={"token": attempt.token})
    if attempt.is_submitted:
        return redirect(result_url)
    if grading.is_late(attempt, timezone.now()):
        grading.close_expired(attempt)
        return redirect(result_url)
    values = grading.answers_as_form_values(attempt.paper, attempt.saved_answers)
    return render(
        request,
        "education/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "items": paper_items(attempt, values),
            "remaining_seconds": attempt.remaining_seconds(),
        },
    )


def _submit(request, attempt):
    result_url = reverse("education:result", kwargs={"token": attempt.token})
    if not allow_anonymous_action(request):
        return _refuse(request, _("Too many quizzes from this browser; please try again in an hour."), status=429)
    try:
        grading.submit(attempt, request.POST)
    except grading.AlreadySubmitted as refusal:
        return _refuse(request, refusal.message, link=result_url, link_text=_("See your result"))
    except grading.TimeIsUp as refusal:
        return _refuse(request, refusal.message, link=result_url, link_text=_("See your result"))
    except grading.InvalidAnswers as refusal:
        back = reverse("education:attempt", kwargs={"token": attempt.token})
        return _refuse(request, refusal.message, link=back, link_text=_("Back to the paper"))
    # A plain redirect: redirect() would first try the URL as a view name and fail.
    return HttpResponseRedirect(result_url)


@require_POST
def save_view(request, token):
    attempt = _own_attempt(request, token, load=attempt_store.attempt_for_submit)
    try:
        saved = grading.save_progress(attempt, request.POST)
    except grading.QuizError as refusal:
        return JsonResponse({"error": refusal.message}, status=400)
    return JsonResponse({"saved": saved, "remaining_seconds": attempt.remaining_seconds()})


@require_GET
def result_view(request, token):
    attempt = _own_attempt(request, token)
    if not attempt.is_submitted:
        if grading.is_late(attempt, timezone.now()):
            grading.close_expired(attempt)
            attempt = _own_attempt(request, token)
        else:
            return redirect("education:attempt", token=attempt.token)
    result = attempt.result
    quiz = attempt.quiz
    return render(
        request,
        "education/result.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "result": result,
            "review": review_items(attempt, result),
            "can_retake": _can_retake(quiz, request.user),
            "lesson": lessons.lesson_to_return_to(request, quiz),
            "certificate": quiz.certificates.filter(user=request.user).first()
            if quiz.is_contest and request.user.is_authenticated
            else None,
        },
    )


def _can_retake(quiz, user):
    try:
        contests.check_can_start(quiz, user)
    except grading.QuizError:
        return False
    return True


def review_items(attempt, result):
    """Per question, after submitting: the options with what was chosen and what was right."""
    questions = Question.objects.prefetch_related("options").in_bulk([item["question"] for item in attempt.paper])
    rows = []
    for position, (item, detail) in enumerate(zip(attempt.paper, result.details, strict=False)):
        question = questions.get(item["question"])
        if question is None:
            continue
        texts = {option.pk: option.text for option in question.options.all()}
        rows.append(
            {
                "number": position + 1,
                "stem": question.stem,
                "correct": detail["correct"],
                "explanation": question.explanation,
                "options": [
                    {
                        "letter": grading.option_value(index),
                        "text": texts.get(option_id, ""),
                        "chosen": option_id in detail["chosen"],
                        "right": option_id in item["correct"],
                    }
                    for index, option_id in enumerate(item["options"])
                ],
            }
        )
    return rows
