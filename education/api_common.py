"""What every JSON view of API v2 shares: reading a body, answering with a message, a paper and a result."""

import json

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from education import grading
from education.views.taking import paper_items
from jindu.public_address import absolute_url

MAX_BODY = 64 * 1024


def error(message, status=400):
    return JsonResponse({"message": str(message)}, status=status, json_dumps_params={"ensure_ascii": False})


def too_many():
    return error(_("Too many quizzes from this browser; please try again in an hour."), status=429)


def ok(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def unreadable():
    return error(_("The request could not be read; send JSON or form fields."))


def read_body(request):
    """A JSON object or form fields as a dict; None when the body is neither."""
    if request.content_type == "application/json":
        if len(request.body) > MAX_BODY:
            return None
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return None
        # A JSON "\u0000" is a NUL the database refuses to store or compare (PostgreSQL): refuse it here, as
        # RefuseNulBytesMiddleware refuses raw ones in addresses and forms.
        return data if isinstance(data, dict) and not _holds_nul(data) else None
    return {key: request.POST.getlist(key) for key in request.POST} if request.POST else {}


def _holds_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def answers_from(data):
    """{"q1": ["A"], …} from {"answers": {...}} or top-level q fields; None when malformed."""
    answers = data.get("answers", {k: v for k, v in data.items() if k.startswith("q")})
    if not isinstance(answers, dict):
        return None
    cleaned = {}
    for name, value in answers.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str) for item in values):
            return None
        cleaned[str(name)] = values
    return cleaned


def plain(value):
    return value[0] if isinstance(value, list) and value else value


def attempt_data(attempt, request, submit_path):
    """The paper of an open attempt: stems and lettered options, never the key."""
    return {
        "token": attempt.token,
        "quiz": {"id": attempt.quiz_id, "title": attempt.quiz.title, "pass_mark": attempt.quiz.pass_mark},
        "deadline": timezone.localtime(attempt.deadline).isoformat() if attempt.deadline else None,
        "remaining_seconds": attempt.remaining_seconds(),
        "questions": [
            {
                "name": item["name"],
                "number": item["number"],
                "stem": item["stem"],
                "kind": str(item["kind"]),
                "multiple": item["multiple"],
                "options": [{"value": option["value"], "text": option["text"]} for option in item["options"]],
            }
            for item in paper_items(attempt)
        ],
        "submit_url": absolute_url(submit_path, request),
    }


def result_data(attempt, result):
    """The score and which questions were right; never the correct options."""
    return {
        "token": attempt.token,
        "score": result.score,
        "correct_count": result.correct_count,
        "question_count": result.question_count,
        "passed": result.passed,
        "pass_mark": attempt.quiz.pass_mark,
        "timed_out": result.timed_out,
        "questions": [
            {"number": position + 1, "correct": bool(detail["correct"])}
            for position, detail in enumerate(result.details)
        ],
    }


def submit_answers(request, attempt, respond, allow=None):
    """Grade the answers in the body for `attempt` (None: unknown); `respond(attempt, result, message)` answers.

    `allow(request)`, when given, counts the submission against a limit and refuses it when over.
    """
    if attempt is None:
        return error(_("There is no such attempt."), status=404)
    data = read_body(request)
    answers = answers_from(data) if data is not None else None
    if answers is None:
        return error(_("The answers do not match the paper you were given."))
    if allow is not None and not allow(request):
        return too_many()
    try:
        result = grading.submit(attempt, answers)
    except grading.TimeIsUp as refusal:
        return respond(attempt, refusal.result, refusal.message)
    except grading.QuizError as refusal:
        return error(refusal.message, status=409 if isinstance(refusal, grading.AlreadySubmitted) else 400)
    return respond(attempt, result, None)


def paper_or_result(request, load, submit_path, respond):
    """The paper of the attempt `load()` gives while it is open, else its result (graded now if time ran out)."""
    attempt = load()
    if attempt is None:
        return error(_("There is no such attempt."), status=404)
    if not attempt.is_submitted:
        if not grading.is_late(attempt, timezone.now()):
            return ok(attempt_data(attempt, request, submit_path(attempt)))
        grading.close_expired(attempt)
        attempt = load()
    return respond(attempt, attempt.result, None)
