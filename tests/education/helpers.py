"""Small helpers for quiz tests: the right (or wrong) form answers for a stored paper."""

from education import grading


def letters_for(item, option_ids):
    return [grading.option_value(item["options"].index(pk)) for pk in option_ids]


def right_answers(attempt):
    return {
        grading.field_name(position): letters_for(item, item["correct"]) for position, item in enumerate(attempt.paper)
    }


def wrong_answers(attempt):
    answers = {}
    for position, item in enumerate(attempt.paper):
        wrong = [pk for pk in item["options"] if pk not in item["correct"]][:1]
        answers[grading.field_name(position)] = letters_for(item, wrong)
    return answers


def answers_with(attempt, right):
    """Answers with the first `right` questions of the paper correct and the others wrong."""
    good, bad = right_answers(attempt), wrong_answers(attempt)
    return {name: good[name] if position < right else bad[name] for position, name in enumerate(good)}
