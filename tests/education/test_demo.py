import pytest

from education.models import Question, QuizPage, Result
from jindu.demo.content import load_demo

pytestmark = pytest.mark.django_db


def test_demo_adds_a_question_bank_an_awareness_quiz_and_a_junior_contest_once():
    load_demo(log=lambda message: None)
    counts = (Question.objects.count(), QuizPage.objects.count(), Result.objects.count())
    load_demo(log=lambda message: None)

    assert (Question.objects.count(), QuizPage.objects.count(), Result.objects.count()) == counts
    assert counts[0] >= 40
    awareness = QuizPage.objects.get(slug="awareness-quiz")
    contest = QuizPage.objects.get(slug="junior-contest")
    assert awareness.counts_for_awareness and not awareness.students_only
    assert contest.is_contest and contest.students_only and contest.question_total() == 10
    assert awareness.results.exists()
