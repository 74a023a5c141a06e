import datetime
import random

import pytest
from django.utils import timezone

from education import grading
from education.factories import QuestionFactory, QuizPageFactory
from education.models import QuestionKind, Result
from tests.education.helpers import letters_for, right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def answer(attempt, position, option_ids):
    return {grading.field_name(position): letters_for(attempt.paper[position], option_ids)}


def outcome(attempt, position, option_ids):
    answers = grading.parse_answers(attempt.paper, answer(attempt, position, option_ids))
    return grading.grade(attempt.paper, answers, 60).details[position]["correct"]


def test_single_choice_is_right_only_with_the_correct_option(quiz):
    attempt = grading.start_attempt(quiz)
    item = attempt.paper[0]
    wrong = [pk for pk in item["options"] if pk not in item["correct"]][0]
    assert outcome(attempt, 0, item["correct"]) is True
    assert outcome(attempt, 0, [wrong]) is False
    assert outcome(attempt, 0, []) is False


def test_multiple_choice_is_all_or_nothing(quiz):
    attempt = grading.start_attempt(quiz)
    item = attempt.paper[1]
    assert item["kind"] == QuestionKind.MULTIPLE
    correct = item["correct"]
    wrong = [pk for pk in item["options"] if pk not in correct]
    assert outcome(attempt, 1, correct) is True
    assert outcome(attempt, 1, correct[:2]) is False, "a partial choice earns nothing"
    assert outcome(attempt, 1, correct + wrong) is False, "an over-full choice earns nothing"


def test_true_false_question_is_graded(quiz):
    attempt = grading.start_attempt(quiz)
    item = attempt.paper[2]
    assert outcome(attempt, 2, item["correct"]) is True
    assert outcome(attempt, 2, [pk for pk in item["options"] if pk not in item["correct"]]) is False


def test_score_rounds_but_passing_compares_exactly(quiz):
    quiz.pass_mark = 67
    quiz.save()
    attempt = grading.start_attempt(quiz)
    answers = right_answers(attempt)
    answers["q3"] = wrong_answers(attempt)["q3"]
    result = grading.submit(attempt, answers)
    assert (result.correct_count, result.question_count, result.score) == (2, 3, 67)
    assert result.passed is False, "2 of 3 is 66.7%, below a pass mark of 67"


def test_all_right_is_full_marks_and_passes(quiz):
    attempt = grading.start_attempt(quiz)
    result = grading.submit(attempt, right_answers(attempt))
    assert result.score == 100
    assert result.passed and result.is_full_mark


def test_options_not_on_the_paper_are_rejected(quiz):
    attempt = grading.start_attempt(quiz)
    for forged in (
        {"q1": ["D"]},
        {"q1": ["Z"]},
        {"q4": ["A"]},
        {"q1": [str(attempt.paper[0]["correct"][0])]},
        {"q1": ["AB"]},
    ):
        with pytest.raises(grading.InvalidAnswers):
            grading.parse_answers(attempt.paper, forged)


def test_two_options_on_a_single_choice_question_are_rejected(quiz):
    attempt = grading.start_attempt(quiz)
    with pytest.raises(grading.InvalidAnswers):
        grading.submit(attempt, {"q1": ["A", "B"]})
    assert not Result.objects.exists()


def test_second_submission_of_a_token_is_refused_and_the_first_result_stays(quiz):
    attempt = grading.start_attempt(quiz)
    first = grading.submit(attempt, right_answers(attempt))
    with pytest.raises(grading.AlreadySubmitted):
        grading.submit(attempt, wrong_answers(attempt))
    assert Result.objects.get().pk == first.pk
    assert Result.objects.get().score == 100


def test_submission_within_the_grace_after_the_time_limit_counts(quiz, settings):
    settings.EDUCATION_QUIZ_GRACE_SECONDS = 30
    quiz.time_limit_minutes = 10
    quiz.save()
    started = timezone.now() - datetime.timedelta(minutes=10, seconds=20)
    attempt = grading.start_attempt(quiz, now=started)
    result = grading.submit(attempt, right_answers(attempt))
    assert result.score == 100 and not result.timed_out


def test_late_submission_is_graded_on_the_answers_saved_in_time(quiz, settings):
    settings.EDUCATION_QUIZ_GRACE_SECONDS = 30
    quiz.time_limit_minutes = 10
    quiz.save()
    started = timezone.now() - datetime.timedelta(minutes=30)
    attempt = grading.start_attempt(quiz, now=started)
    in_time = started + datetime.timedelta(minutes=5)
    first_only = {"q1": right_answers(attempt)["q1"]}
    grading.save_progress(attempt, first_only, now=in_time)

    with pytest.raises(grading.TimeIsUp) as refusal:
        grading.submit(attempt, right_answers(attempt))

    result = refusal.value.result
    assert result.timed_out
    assert result.correct_count == 1, "only the answer saved before the deadline counts"
    assert Result.objects.count() == 1
    with pytest.raises(grading.QuizError):
        grading.save_progress(attempt, right_answers(attempt))


def test_draw_rules_pick_the_asked_number_by_tag_and_band_without_repeats(site_tree):
    home, _index = site_tree
    law = [QuestionFactory(tags=["法律"], band="junior") for _ in range(6)]
    QuestionFactory.create_batch(4, tags=["法律"], band="public")
    drugs = [QuestionFactory(tags=["新型毒品"], band="junior") for _ in range(10)]
    fixed = drugs[0]
    quiz = QuizPageFactory(
        parent=home,
        questions=[fixed],
        rules=[{"count": 8, "tag": "新型毒品", "band": "junior"}, {"count": 2, "tag": "法律", "band": "junior"}],
    )
    paper = grading.deal_paper(quiz, random.Random(1))
    ids = [item["question"] for item in paper]
    assert len(ids) == 11 and len(set(ids)) == 11
    assert sum(1 for pk in ids if pk in {q.pk for q in drugs}) == 9
    assert sum(1 for pk in ids if pk in {q.pk for q in law}) == 2


def test_shuffled_options_keep_their_answer_key(quiz):
    quiz.shuffle_options = True
    quiz.save()
    orders = set()
    for seed in range(12):
        paper = grading.deal_paper(quiz, random.Random(seed))
        orders.add(tuple(paper[0]["options"]))
        correct_text = {option.pk: option.is_correct for option in quiz.fixed_questions.first().question.options.all()}
        assert [pk for pk in paper[0]["options"] if correct_text[pk]] == paper[0]["correct"]
    assert len(orders) > 1
