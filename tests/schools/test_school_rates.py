from decimal import Decimal

import pytest

from education import grading
from education.factories import QuestionFactory, QuizPageFactory
from education.models import QuizAudience
from schools.models import School, SchoolClass
from schools.rates import class_tallies, region_table, school_tallies
from schools.templatetags.portal_tags import rate
from tests.education.helpers import right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def pct(value):
    return None if value is None else round(value * 100, 1)


def test_class_rates_match_the_hand_computed_figures(world):
    tallies = class_tallies(SchoolClass.objects.all())

    class71 = tallies[world.class71.pk]
    assert (class71.enrolled, class71.registered) == (4, 2)
    assert class71.credited_hours == Decimal("4.0")  # a: 1 + 2, b: 1 (L2 only watched)
    assert class71.required_hours == Decimal("6.0")  # 2 registered × 3 hours
    assert pct(class71.registration_rate) == Decimal("50.0")
    assert pct(class71.completion_rate) == Decimal("66.7")


def test_class_with_no_registered_students_has_no_rate_and_shows_a_dash(world):
    class72 = class_tallies(SchoolClass.objects.all())[world.class72.pk]

    assert class72.registration_rate == 0
    assert class72.completion_rate is None
    assert class72.participation_rate is None
    assert class72.pass_rate is None
    assert rate(class72.completion_rate) == "—"
    assert rate(class72.registration_rate) == "0.0%"


def test_school_rates_add_up_their_classes(world):
    tallies = school_tallies(School.objects.all())

    assert pct(tallies[world.school1.pk].registration_rate) == Decimal("33.3")  # 2 / 6
    assert pct(tallies[world.school1.pk].completion_rate) == Decimal("66.7")  # 4 / 6
    assert pct(tallies[world.school2.pk].registration_rate) == Decimal("40.0")  # 2 / 5
    assert pct(tallies[world.school2.pk].completion_rate) == Decimal("50.0")  # 2 / (2 × 2)
    assert tallies[world.school3.pk].completion_rate is None
    assert tallies[world.school3.pk].registration_rate == 0


def test_bureau_table_groups_schools_by_town_with_school_registration_rate(world):
    table = region_table(world.district)

    towns = {group["label"]: group for group in table["groups"]}
    assert set(towns) == {"临桂镇", "五通镇"}
    assert [row["label"] for row in towns["五通镇"]["rows"]] == ["五通三中", "五通二中"]
    assert pct(towns["五通镇"]["tally"].registration_rate) == Decimal("25.0")  # 2 / 8
    assert pct(towns["五通镇"]["tally"].school_registration_rate) == Decimal("50.0")  # 1 of 2 schools
    total = table["total"]
    assert pct(total.school_registration_rate) == Decimal("66.7")  # 2 of 3 schools
    assert pct(total.registration_rate) == Decimal("28.6")  # 4 / 14
    assert pct(total.completion_rate) == Decimal("60.0")  # 6 / 10


def test_bureau_table_sorts_by_a_rate_with_missing_rates_last(world):
    table = region_table(world.district, sort="completion_rate", descending=True)

    rows = [row["label"] for group in table["groups"] for row in group["rows"]]
    assert rows == ["临桂一中", "五通二中", "五通三中"]


def test_changing_a_lessons_class_hours_updates_the_completion_rate(world):
    world.l2.class_hours = Decimal("1.0")
    world.l2.save_revision().publish()

    class71 = class_tallies(SchoolClass.objects.all())[world.class71.pk]

    assert class71.credited_hours == Decimal("3.0")  # a: 1 + 1, b: 1
    assert pct(class71.completion_rate) == Decimal("50.0")


def test_contest_rates_count_students_by_their_best_attempt(world):
    contest = QuizPageFactory(
        parent=world.home, is_contest=True, audience=QuizAudience.STUDENTS, questions=[QuestionFactory()]
    )
    practice = QuizPageFactory(parent=world.home, questions=[QuestionFactory()])

    def take(student, quiz, answers):
        attempt = grading.start_attempt(quiz, user=student.user)
        grading.submit(attempt, answers(attempt))

    take(world.a, contest, right_answers)  # 100: passed, full marks
    take(world.b, contest, wrong_answers)  # 0 first ...
    take(world.b, contest, right_answers)  # ... then 100: b's best attempt counts
    take(world.d, practice, right_answers)  # not a contest: does not count

    tallies = class_tallies(SchoolClass.objects.all(), contest)
    class71, class81 = tallies[world.class71.pk], tallies[world.class81.pk]

    assert (class71.participants, class71.passed, class71.full_marks) == (2, 2, 2)
    assert class71.participation_rate == 1 and class71.pass_rate == 1 and class71.full_mark_rate == 1
    assert class71.mean_score == 100
    assert class81.participants == 0 and class81.participation_rate == 0 and class81.pass_rate is None


def test_rates_use_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        region_table(world.district)
