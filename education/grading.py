"""Dealing papers and grading them, on the server only.

Scoring: every question is worth the same. A multiple-choice question counts as correct only when
the chosen options are exactly the correct ones (all-or-nothing: no part marks for a partial or
over-full choice). The score is the per cent of correct questions, rounded half up; passing
compares exactly (correct × 100 ≥ pass mark × questions) so rounding never passes a fail.
"""

import datetime
import random
import string
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from education import attempt_store
from education.models import Attempt, QuestionKind, QuestionOption, Result
from jindu.numbers import parse_int

LETTERS = string.ascii_uppercase


class QuizError(Exception):
    """A refusal with a message for the taker."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class InvalidAnswers(QuizError):
    pass


class AlreadySubmitted(QuizError):
    pass


class TimeIsUp(QuizError):
    """Submitted after the time limit and grace: the result was graded on what arrived in time."""

    def __init__(self, message, result):
        super().__init__(message)
        self.result = result


def grace():
    return datetime.timedelta(seconds=getattr(settings, "EDUCATION_QUIZ_GRACE_SECONDS", 30))


# Dealing --------------------------------------------------------------------------------------


def paper_questions(quiz, rng):
    """The questions of one paper: the fixed ones, then each draw rule's pick among the rest."""
    fixed = [item.question_id for item in quiz.fixed_questions.all()]
    chosen = list(fixed)
    taken = set(fixed)
    for rule in quiz.draw_rules.all():
        pool = [pk for pk in rule.candidates().values_list("pk", flat=True) if pk not in taken]
        pool.sort()
        picked = rng.sample(pool, min(rule.count, len(pool)))
        chosen.extend(picked)
        taken.update(picked)
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def deal_paper(quiz, rng=None):
    """A new paper: per question its id, option ids in display order and the correct ones."""
    rng = rng or random.SystemRandom()
    ids = paper_questions(quiz, rng)
    kinds = {}
    options = {}
    rows = (
        QuestionOption.objects.filter(question_id__in=ids)
        .order_by("question_id", "sort_order", "pk")
        .values_list("question_id", "question__kind", "pk", "is_correct")
    )
    for question_id, kind, option_id, is_correct in rows:
        kinds[question_id] = kind
        options.setdefault(question_id, []).append((option_id, is_correct))
    paper = []
    for pk in ids:
        if pk not in kinds:
            continue
        question_options = options[pk]
        if quiz.shuffle_options and kinds[pk] != QuestionKind.TRUE_FALSE:
            rng.shuffle(question_options)
        paper.append(
            {
                "question": pk,
                "kind": kinds[pk],
                "options": [option_id for option_id, _correct in question_options],
                "correct": sorted(option_id for option_id, correct in question_options if correct),
            }
        )
    return paper


def start_attempt(quiz, user=None, region=None, now=None, rng=None):
    now = now or timezone.now()
    paper = deal_paper(quiz, rng)
    if not paper:
        raise QuizError(_("This quiz has no questions yet."))
    limit = quiz.time_limit
    return Attempt.objects.create(
        quiz=quiz,
        user=user if user is not None and user.is_authenticated else None,
        region=region,
        paper=paper,
        started_at=now,
        deadline=now + limit if limit else None,
    )


# Reading answers ------------------------------------------------------------------------------


def field_name(position):
    """The form field of the question at 0-based `position` on the paper."""
    return f"q{position + 1}"


def option_value(index):
    """The form value of the option shown at 0-based `index`: a letter, never a database id."""
    return LETTERS[index]


def parse_answers(paper, data):
    """{position: [option ids]} from form data (a QueryDict or a dict of lists).

    Raises InvalidAnswers for a question or option that is not on this paper, or for several
    options on a single-choice question.
    """
    answers = {}
    getlist = data.getlist if hasattr(data, "getlist") else lambda key: list(data.get(key, []))
    # Answer fields are q1, q2…; any other q-and-not-a-letter name (q², q0, q99) is not on the paper.
    names = {key for key in data.keys() if key[:1] == "q" and key[1:2] and not key[1:2].isalpha()}
    for name in names:
        number = parse_int(name[1:], 1, len(paper))
        if number is None:
            raise InvalidAnswers(_("The answers do not match the paper you were given."))
        position = number - 1
        item = paper[position]
        chosen = []
        for value in getlist(name):
            if value == "":
                continue
            if len(value) != 1 or value not in LETTERS[: len(item["options"])]:
                raise InvalidAnswers(_("The answers do not match the paper you were given."))
            option_id = item["options"][LETTERS.index(value)]
            if option_id not in chosen:
                chosen.append(option_id)
        if len(chosen) > 1 and item["kind"] != QuestionKind.MULTIPLE:
            raise InvalidAnswers(_("Only one option may be chosen for this question."))
        if chosen:
            answers[position] = chosen
    return answers


def answers_as_form_values(paper, answers):
    """{field name: [letters]} for redisplaying saved answers."""
    values = {}
    for position, chosen in answers.items():
        item = paper[int(position)]
        values[field_name(int(position))] = [
            option_value(item["options"].index(pk)) for pk in chosen if pk in item["options"]
        ]
    return values


# Grading --------------------------------------------------------------------------------------


@dataclass
class Grade:
    correct_count: int
    question_count: int
    score: int
    passed: bool
    details: list


def is_correct(item, chosen):
    return bool(chosen) and sorted(set(chosen)) == sorted(item["correct"])


def grade(paper, answers, pass_mark):
    details = []
    for position, item in enumerate(paper):
        chosen = answers.get(position) or answers.get(str(position)) or []
        details.append({"question": item["question"], "chosen": list(chosen), "correct": is_correct(item, chosen)})
    correct = sum(1 for detail in details if detail["correct"])
    total = len(paper)
    score = (correct * 200 + total) // (2 * total) if total else 0
    return Grade(correct, total, score, total > 0 and correct * 100 >= pass_mark * total, details)


def is_late(attempt, now):
    return attempt.deadline is not None and now > attempt.deadline + grace()


def _store_result(attempt, answers, now, timed_out):
    quiz = attempt.quiz
    outcome = grade(attempt.paper, answers, quiz.pass_mark)
    result = Result(
        attempt=attempt,
        quiz_id=attempt.quiz_id,
        user_id=attempt.user_id,
        region_id=attempt.region_id,
        submitted_at=now,
        correct_count=outcome.correct_count,
        question_count=outcome.question_count,
        score=outcome.score,
        passed=outcome.passed,
        timed_out=timed_out,
        details=outcome.details,
    )
    # A passed contest paper earns its taker the certificate, or moves it here if this score is better.
    certify = bool(quiz.is_contest and attempt.user_id and result.passed)
    stored = attempt_store.store_result(result, certify=certify)
    if not stored:
        raise AlreadySubmitted(_("These answers were already submitted; only the first submission counts."))
    # attempt_for_submit() already knows whether any lesson uses the quiz; otherwise ask.
    if attempt.user_id and result.passed and getattr(attempt, "quiz_in_lessons", True):
        from education.completion import on_quiz_result

        on_quiz_result(result)
    return result


def submit(attempt, data, now=None):
    """Grade a submission and store its one result.

    Raises AlreadySubmitted, InvalidAnswers, or TimeIsUp (after storing the result of the answers
    saved before the deadline).
    """
    now = now or timezone.now()
    # Loaded with select_related("result") by the view; the unique key still decides races.
    if attempt.is_submitted:
        raise AlreadySubmitted(_("These answers were already submitted; only the first submission counts."))
    answers = parse_answers(attempt.paper, data)
    if is_late(attempt, now):
        result = close_expired(attempt, now)
        raise TimeIsUp(_("Time is up: the answers saved before the time limit were graded."), result)
    return _store_result(attempt, answers, now, timed_out=False)


def save_progress(attempt, data, now=None):
    """Keep the answers given so far, so a timed-out attempt is graded on what arrived in time."""
    now = now or timezone.now()
    if is_late(attempt, now):
        raise QuizError(_("Time is up."))
    answers = parse_answers(attempt.paper, data)
    stored = {str(position): chosen for position, chosen in answers.items()}
    updated = Attempt.objects.filter(pk=attempt.pk, result__isnull=True).update(saved_answers=stored)
    if not updated:
        raise AlreadySubmitted(_("These answers were already submitted; only the first submission counts."))
    attempt.saved_answers = stored
    return len(stored)


def close_expired(attempt, now=None):
    """The result of an attempt whose time ran out, graded on its saved answers (stored once)."""
    now = now or timezone.now()
    existing = Result.objects.filter(attempt=attempt).first()
    if existing:
        return existing
    saved = {int(position): chosen for position, chosen in attempt.saved_answers.items()}
    submitted_at = min(now, attempt.deadline + grace()) if attempt.deadline else now
    try:
        return _store_result(attempt, saved, submitted_at, timed_out=True)
    except AlreadySubmitted:
        return Result.objects.get(attempt=attempt)
