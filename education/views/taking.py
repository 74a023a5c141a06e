"""Taking a quiz: starting, the paper, saving, submitting, the result (the landing context is quiz_landing.py)."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from education import attempt_store, contests, grading, lessons
from education.models import Attempt, Question, QuestionOption, QuizPage
from education.quiz_landing import SESSION_OPEN_ATTEMPTS, anonymous_open_attempt
from education.ratelimit import allow_anonymous_action
from jindu.models import Region
from jindu.models.regions import RegionLevel
from jindu.numbers import parse_id


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
    resume = None if request.user.is_authenticated else anonymous_open_attempt(request, quiz)
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
