"""A small, hand-computed world of regions, schools, classes, students, courses and progress."""

from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from education.factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
from education.models import LessonProgress
from jindu.factories import RegionFactory
from jindu.models.regions import RegionLevel
from schools.factories import SchoolClassFactory, SchoolFactory, StudentFactory
from schools.models import Stage


def complete(student, lesson):
    LessonProgress.objects.create(
        user=student.user, lesson=lesson, video_watched=True, quiz_passed=True, completed_at=timezone.now()
    )


def build_world(home):
    """Three junior schools in two towns of one district.

    一中 (town A): 7年级1班 enrolled 4 (a, b registered; c not), 7年级2班 enrolled 2 (f not registered).
    二中 (town B): 8年级1班 enrolled 5 (d, e registered).
    三中 (town B): 7年级1班 enrolled 3, nobody registered.
    Grade 7 course: 3 hours (L1 1h, L2 2h); grade 8 course: 2 hours (L3 2h).
    a completed L1+L2, b completed L1 and only watched L2, d completed L3.
    """
    # Roots are ordered by code: create the lower code first so no path moves under our feet.
    other_city = RegionFactory(name="永州市", code="431100")
    city = RegionFactory(name="桂林市", code="450300")
    district = city.add_child(code="450312", name="临桂区", level=RegionLevel.DISTRICT)
    town_a = district.add_child(code="450312100", name="临桂镇", level=RegionLevel.TOWN)
    town_b = district.add_child(code="450312104", name="五通镇", level=RegionLevel.TOWN)

    school1 = SchoolFactory(name="临桂一中", code="S1", region=town_a, stage=Stage.JUNIOR)
    school2 = SchoolFactory(name="五通二中", code="S2", region=town_b, stage=Stage.JUNIOR)
    school3 = SchoolFactory(name="五通三中", code="S3", region=town_b, stage=Stage.JUNIOR)
    class71 = SchoolClassFactory(school=school1, grade=7, name="1班", enrolled=4)
    class72 = SchoolClassFactory(school=school1, grade=7, name="2班", enrolled=2)
    class81 = SchoolClassFactory(school=school2, grade=8, name="1班", enrolled=5)
    class3 = SchoolClassFactory(school=school3, grade=7, name="1班", enrolled=3)

    a = StudentFactory(school_class=class71, number="701", name="安小安", registered=True)
    b = StudentFactory(school_class=class71, number="702", name="白小白", registered=True)
    c = StudentFactory(school_class=class71, number="703", name="陈小陈")
    f = StudentFactory(school_class=class72, number="721", name="方小方")
    d = StudentFactory(school_class=class81, number="801", name="邓小邓", registered=True)
    e = StudentFactory(school_class=class81, number="802", name="鄂小鄂", registered=True)

    courses = CourseIndexPageFactory(parent=home, slug="courses")
    course7 = CoursePageFactory(parent=courses, grade=7, required_class_hours=Decimal("3.0"), title="七年级禁毒课")
    course8 = CoursePageFactory(parent=courses, grade=8, required_class_hours=Decimal("2.0"), title="八年级禁毒课")
    l1 = LessonPageFactory(parent=course7, class_hours=Decimal("1.0"), title="认识毒品")
    l2 = LessonPageFactory(parent=course7, class_hours=Decimal("2.0"), title="学会拒绝")
    l3 = LessonPageFactory(parent=course8, class_hours=Decimal("2.0"), title="法律常识")

    complete(a, l1)
    complete(a, l2)
    complete(b, l1)
    LessonProgress.objects.create(user=b.user, lesson=l2, video_watched=True, quiz_passed=False)
    complete(d, l3)

    return SimpleNamespace(**locals())


def take(student, quiz, right):
    """`student` submits one attempt at `quiz` with `right` questions answered correctly."""
    from education import grading
    from tests.education.helpers import answers_with

    attempt = grading.start_attempt(quiz, user=student.user)
    grading.submit(attempt, answers_with(attempt, right))


def build_contest(world):
    """A ten-question contest (pass 60, excellent 90) taken by the world's students, several times each.

    一中 7年级1班: a 40 then 100, b 100 (c is not registered).
    二中 8年级1班: d 50 then 70, g 90 then 30, h 30; e registered but only started an attempt.
    三中: nobody registered. A practice quiz d aced does not count.
    By student (best attempt): 7年级1班 2 of 2 take part, all pass, excel and get full marks, mean 100;
    8年级1班 3 of 4 take part (75%), 2 pass (66.7%), 1 excellent (33.3%), none full (0%), mean 190/3 = 63.3;
    the district: 5 of 6 (83.3%), pass 4 (80%), excellent 3 (60%), full 2 (40%), mean 390/5 = 78.0;
    schools taking part 2 of 3 (66.7%); 五通镇 1 of 2 schools (50%).
    """
    from education import grading
    from education.factories import QuestionFactory, QuizPageFactory
    from education.models import QuizAudience

    questions = [QuestionFactory(stem=f"竞赛题{n}") for n in range(10)]
    contest = QuizPageFactory(
        parent=world.home,
        title="全区禁毒知识竞赛",
        is_contest=True,
        audience=QuizAudience.STUDENTS,
        pass_mark=60,
        questions=questions,
    )
    practice = QuizPageFactory(parent=world.home, title="禁毒练习", questions=questions[:2])
    world.g = StudentFactory(school_class=world.class81, number="803", name="高小高", registered=True)
    world.h = StudentFactory(school_class=world.class81, number="804", name="何小何", registered=True)
    for student, scores in (
        (world.a, (4, 10)),
        (world.b, (10,)),
        (world.d, (5, 7)),
        (world.g, (9, 3)),
        (world.h, (3,)),
    ):
        for right in scores:
            take(student, contest, right)
    grading.start_attempt(contest, user=world.e.user)
    take(world.d, practice, 2)
    world.contest = contest
    return contest
