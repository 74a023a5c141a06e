"""Contests and exams over API v2 for the student behind a bearer token, by the site's own rules.

Who may start (the window, the stage of the student's school, signed-in students only) is
contests.check_can_start; the attempt limit is counted under the lock of the student's user row
(contests.start_new_attempt); answers are graded on the server and no response carries the key.
"""

import functools

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from education import contests, grading
from education.api_common import attempt_data, error, ok, paper_or_result, result_data, submit_answers
from education.api_students import student_endpoint
from education.models import Attempt, Certificate, QuizAudience, QuizPage
from jindu.public_address import absolute_url, page_url


def submit_path(attempt):
    return f"/api/v2/contests/attempts/{attempt.token}/submit/"


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def certificate_data(certificate, request):
    """The certificate's code, its page (for its holder signed in on the site) and its public check."""
    if certificate is None:
        return None
    return {
        "code": certificate.code,
        "url": absolute_url(reverse("education:certificate", kwargs={"code": certificate.code}), request),
        "verify_url": absolute_url(reverse("education:verify", kwargs={"code": certificate.code}), request),
    }


def _certificate(quiz_id, user_id):
    return Certificate.objects.filter(quiz_id=quiz_id, user_id=user_id).first()


def _result_response(request, attempt, result, message):
    data = result_data(attempt, result)
    if attempt.quiz.is_contest:
        data["certificate"] = certificate_data(_certificate(attempt.quiz_id, attempt.user_id), request)
    if message:
        data["message"] = str(message)
    return ok(data)


@student_endpoint
def my_contests(request, student):
    """The contests open now for the student's stage, with attempts left and the best score so far."""
    student = type(student).objects.select_related("school").get(pk=student.pk)
    rows = contests.open_contests_for(student)
    certificates = {
        certificate.quiz_id: certificate
        for certificate in Certificate.objects.filter(user_id=student.user_id, quiz__in=[quiz.pk for quiz in rows])
    }
    return ok(
        {
            "items": [
                {
                    "id": quiz.pk,
                    "title": quiz.title,
                    "html_url": page_url(quiz, request),
                    "opens_at": _iso(quiz.opens_at),
                    "closes_at": _iso(quiz.closes_at),
                    "time_limit_minutes": quiz.time_limit_minutes,
                    "pass_mark": quiz.pass_mark,
                    "attempts_allowed": quiz.attempts_allowed or None,
                    "attempts_left": quiz.attempts_left,
                    "best_score": quiz.best_score,
                    "certificate": certificate_data(certificates.get(quiz.pk), request),
                    "start_url": absolute_url(f"/api/v2/contests/{quiz.pk}/start/", request),
                }
                for quiz in rows
            ]
        }
    )


@student_endpoint(method="POST")
def contest_start(request, student, quiz_id):
    """The paper of a new attempt, or of the student's open one, as the site's start button gives it."""
    quiz = QuizPage.objects.live().public().filter(pk=quiz_id, audience=QuizAudience.STUDENTS).first()
    if quiz is None:
        return error(_("There is no such contest."), status=404)
    try:
        attempt = contests.start_new_attempt(quiz, student.user)
    except grading.QuizError as refusal:
        return error(refusal.message, status=403)
    return ok(attempt_data(attempt, request, submit_path(attempt)), status=201)


def _own_attempt(student, token):
    """The student's own attempt at a students' quiz; another student's token is unknown here."""
    if len(token) > 40:
        return None
    return (
        Attempt.objects.select_related("quiz", "result")
        .filter(token=token, user_id=student.user_id, quiz__audience=QuizAudience.STUDENTS)
        .first()
    )


@student_endpoint(method="POST")
def contest_submit(request, student, token):
    return submit_answers(request, _own_attempt(student, token), functools.partial(_result_response, request))


@student_endpoint
def contest_attempt(request, student, token):
    """The paper of the student's open attempt, or the result of a submitted one."""
    respond = functools.partial(_result_response, request)
    return paper_or_result(request, lambda: _own_attempt(student, token), submit_path, respond)
