"""Statistics for staff: per-attempt totals and item analysis (a contest's official rates are in schools.rates)."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q

from education.models import Attempt, Question, Result


@dataclass
class QuizSummary:
    started: int
    submitted: int
    mean_score: float | None
    pass_rate: float | None
    full_mark_rate: float | None


def _share(part, whole):
    return round(part * 100 / whole, 1) if whole else None


def quiz_summary(quiz):
    totals = Result.objects.filter(quiz=quiz).aggregate(
        submitted=Count("pk"),
        mean=Avg("score"),
        passed=Count("pk", filter=Q(passed=True)),
        full=Count("pk", filter=Q(correct_count=F("question_count"))),
    )
    submitted = totals["submitted"]
    return QuizSummary(
        started=Attempt.objects.filter(quiz=quiz).count(),
        submitted=submitted,
        mean_score=round(totals["mean"], 1) if totals["mean"] is not None else None,
        pass_rate=_share(totals["passed"], submitted),
        full_mark_rate=_share(totals["full"], submitted),
    )


@dataclass
class ItemRow:
    question: Question
    shown: int
    correct: int

    @property
    def correct_rate(self):
        return _share(self.correct, self.shown)


def item_analysis(quiz):
    """Per question on the quiz's papers: how often shown and answered correctly, hardest first."""
    shown, correct = Counter(), Counter()
    for details in Result.objects.filter(quiz=quiz).values_list("details", flat=True).iterator(chunk_size=2000):
        for detail in details:
            shown[detail["question"]] += 1
            if detail["correct"]:
                correct[detail["question"]] += 1
    questions = Question.objects.in_bulk(list(shown))
    rows = [ItemRow(questions[pk], shown[pk], correct[pk]) for pk in shown if pk in questions]
    rows.sort(key=lambda row: (row.correct / row.shown, row.question.pk))
    return rows
