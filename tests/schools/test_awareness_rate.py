import datetime

import pytest
from django.utils import timezone

from education import grading
from education.factories import QuestionFactory, QuizPageFactory
from jindu.factories import RegionFactory
from jindu.models.regions import RegionLevel
from schools import awareness
from tests.education.helpers import right_answers, wrong_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(db):
    city = RegionFactory(name="桂林市", code="450300")
    lingui = city.add_child(code="450312", name="临桂区", level=RegionLevel.DISTRICT)
    other = city.add_child(code="450305", name="七星区", level=RegionLevel.DISTRICT)
    wutong = lingui.add_child(code="450312101", name="五通镇", level=RegionLevel.TOWN)
    sitang = lingui.add_child(code="450312102", name="四塘镇", level=RegionLevel.TOWN)
    street = other.add_child(code="450305001", name="七星街道", level=RegionLevel.TOWN)
    regions = {"city": city, "lingui": lingui, "other": other, "wutong": wutong, "sitang": sitang, "street": street}
    # Sorted inserts move siblings' paths; read every node back.
    return {key: type(region).objects.get(pk=region.pk) for key, region in regions.items()}


def take(quiz, region, passed, when):
    attempt = grading.start_attempt(quiz, region=region, now=when - datetime.timedelta(minutes=5))
    grading.submit(attempt, right_answers(attempt) if passed else wrong_answers(attempt), now=when)


@pytest.fixture
def known_attempts(site_tree, towns):
    home, _index = site_tree
    quiz = QuizPageFactory(parent=home, counts_for_awareness=True, questions=[QuestionFactory() for _ in range(4)])
    practice = QuizPageFactory(parent=home, counts_for_awareness=False, questions=[QuestionFactory()])
    june = timezone.make_aware(datetime.datetime(2026, 6, 10, 10))
    july = timezone.make_aware(datetime.datetime(2026, 7, 3, 10))
    # June: 五通 3 of 4 pass, 四塘 1 of 2, 七星街道 0 of 1, no town 1 of 1. July: 五通 2 of 2.
    for passed in (True, True, True, False):
        take(quiz, towns["wutong"], passed, june)
    for passed in (True, False):
        take(quiz, towns["sitang"], passed, june)
    take(quiz, towns["street"], False, june)
    take(quiz, None, True, june)
    take(quiz, towns["wutong"], True, july)
    take(quiz, towns["wutong"], True, july)
    take(practice, towns["wutong"], False, june)
    return quiz, practice


def test_awareness_rate_of_a_quiz_over_everything(known_attempts):
    quiz, _practice = known_attempts
    rate = awareness.awareness_rate(quiz)
    assert (rate.attempts, rate.passed) == (10, 7)
    assert rate.percent == 70.0


def test_awareness_rate_by_period_includes_both_end_dates(known_attempts):
    quiz, _practice = known_attempts
    june = awareness.awareness_rate(quiz, start=datetime.date(2026, 6, 1), end=datetime.date(2026, 6, 10))
    assert (june.attempts, june.passed) == (8, 5)
    july = awareness.awareness_rate(quiz, start=datetime.date(2026, 7, 1), end=datetime.date(2026, 7, 31))
    assert (july.attempts, july.passed) == (2, 2)


def test_awareness_rate_by_region_counts_the_whole_subtree(known_attempts, towns):
    quiz, _practice = known_attempts
    lingui_june = awareness.awareness_rate(quiz, datetime.date(2026, 6, 1), datetime.date(2026, 6, 30), towns["lingui"])
    assert (lingui_june.attempts, lingui_june.passed) == (6, 4)
    assert awareness.awareness_rate(quiz, region=towns["street"]).rate == 0


def test_default_rate_counts_only_quizzes_marked_for_awareness(known_attempts):
    rate = awareness.awareness_rate(start=datetime.date(2026, 6, 1), end=datetime.date(2026, 6, 30))
    assert (rate.attempts, rate.passed) == (8, 5)


def test_awareness_by_region_gives_each_child_in_one_query(known_attempts, towns, django_assert_num_queries):
    quiz, _practice = known_attempts
    city = towns["city"]
    with django_assert_num_queries(2):
        rows = awareness.awareness_by_region(city, quiz)
    by_name = {region.name: (rate.attempts, rate.passed) for region, rate in rows}
    assert by_name == {"临桂区": (8, 6), "七星区": (1, 0)}


def test_rate_with_no_attempts_is_none_not_zero(site_tree):
    home, _index = site_tree
    quiz = QuizPageFactory(parent=home, questions=[QuestionFactory()])
    assert awareness.awareness_rate(quiz).rate is None
