"""The attempt limit holds when one student starts many times at once."""

import threading
import time

import pytest
from django.db import OperationalError, connection

from education import contests, grading
from education.factories import QuestionFactory, QuizPageFactory, make_student
from education.models import Attempt, QuizAudience
from tests.conftest import make_site_tree
from tests.education.helpers import right_answers

STARTS = 20


def start_retrying(quiz, user, outcomes):
    """One concurrent start; SQLite's shared in-memory test database refuses instead of waiting, so retry."""
    for _try in range(200):
        try:
            contests.start_new_attempt(quiz, user)
            outcomes.append("started")
            return
        except grading.QuizError:
            outcomes.append("refused")
            return
        except OperationalError:
            time.sleep(0.01)
    outcomes.append("gave up")


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_starts_never_exceed_attempts_allowed():
    home, _index = make_site_tree()
    quiz = QuizPageFactory(
        parent=home, audience=QuizAudience.STUDENTS, attempts_allowed=3, questions=[QuestionFactory()]
    )
    student = make_student()
    for _used in range(2):
        attempt = grading.start_attempt(quiz, user=student)
        grading.submit(attempt, right_answers(attempt))
    barrier = threading.Barrier(STARTS)
    outcomes = []

    def run():
        try:
            barrier.wait()
            start_retrying(quiz, student, outcomes)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(STARTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == STARTS and "gave up" not in outcomes
    assert Attempt.objects.filter(quiz=quiz, user=student).count() == 3
    # The one new attempt is resumed by the starts that came after it; once it is submitted, none is left.
    attempt = Attempt.objects.filter(quiz=quiz, user=student, result__isnull=True).get()
    grading.submit(attempt, right_answers(attempt))
    with pytest.raises(grading.QuizError):
        contests.start_new_attempt(quiz, student)
