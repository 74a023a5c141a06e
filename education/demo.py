"""Demo content for quizzes: a question bank, a public awareness quiz and a junior-school contest."""

import datetime
import random
import re

from django.contrib.auth import get_user_model
from django.utils import timezone

from education import grading
from education.demo_questions import QUESTIONS
from education.models import DrawRule, Question, QuestionOption, QuizAudience, QuizPage
from jindu.models import MainMenu, MainMenuItem, Region
from schools import demo as school_demo
from schools.models import Stage, Student
from schools.students import STUDENTS_GROUP

AWARENESS_SLUG = "awareness-quiz"
CONTEST_SLUG = "junior-contest"
TAG_SPLIT = re.compile(r"[、,，]")


def load_questions(log):
    existing = set(Question.objects.values_list("stem", flat=True))
    created = 0
    for kind, stem, options, correct, explanation, band, difficulty, tags in QUESTIONS:
        if stem in existing:
            continue
        question = Question(kind=kind, stem=stem, explanation=explanation, band=band, difficulty=difficulty)
        question.options.set(
            [
                QuestionOption(text=text, is_correct="ABCDEF"[position] in correct, sort_order=position)
                for position, text in enumerate(options)
            ]
        )
        question.tags.set(TAG_SPLIT.split(tags))
        question.save()
        created += 1
    log(f"Question bank: {created} questions added, {Question.objects.count()} in all.")


def load_awareness_quiz(home):
    quiz = QuizPage.objects.filter(slug=AWARENESS_SLUG).first()
    if quiz:
        return quiz
    quiz = QuizPage(
        title="禁毒知识有奖问答",
        slug=AWARENESS_SLUG,
        intro="<p>十道题，三分钟。测一测你对毒品和禁毒法律了解多少。答题不需要登录，也不记录姓名和电话。</p>",
        audience=QuizAudience.PUBLIC,
        counts_for_awareness=True,
        ask_region=True,
        pass_mark=60,
        show_explanations=True,
        search_description="禁毒知识在线答题，扫码即可参与。",
    )
    quiz.draw_rules.add(DrawRule(count=3, tag="毒品种类", sort_order=0))
    quiz.draw_rules.add(DrawRule(count=3, tag="毒品危害", sort_order=1))
    quiz.draw_rules.add(DrawRule(count=2, tag="法律", sort_order=2))
    quiz.draw_rules.add(DrawRule(count=2, tag="拒毒技巧", sort_order=3))
    home.add_child(instance=quiz)
    return quiz


def load_contest(home):
    quiz = QuizPage.objects.filter(slug=CONTEST_SLUG).first()
    if quiz:
        return quiz
    now = timezone.now()
    quiz = QuizPage(
        title="初中生禁毒知识竞赛",
        slug=CONTEST_SLUG,
        intro="<p>面向全区初中学生。竞赛期间最多答题三次，取最好成绩；80分以上可获得电子证书。</p>",
        audience=QuizAudience.STUDENTS,
        is_contest=True,
        stage="junior",
        ask_region=False,
        pass_mark=80,
        time_limit_minutes=15,
        attempts_allowed=3,
        show_explanations=False,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=60),
    )
    quiz.draw_rules.add(DrawRule(count=8, band="junior", sort_order=0))
    quiz.draw_rules.add(DrawRule(count=2, tag="法律", sort_order=1))
    home.add_child(instance=quiz)
    return quiz


def add_quiz_to_menu(home, quiz):
    """The awareness quiz in the main menu, under a short label; the search link stays last."""
    menu = MainMenu.objects.filter(site__root_page=home).first()
    if menu is None or menu.items.filter(link_page=quiz).exists():
        return
    MainMenuItem.objects.create(menu=menu, link_page=quiz, label="有奖问答", sort_order=menu.items.count())


def demo_answers(attempt, rng, knows):
    """Form answers for a paper: each question right with probability `knows`, else the first option."""
    answers = {}
    for position, item in enumerate(attempt.paper):
        chosen = item["correct"] if rng.random() < knows else item["options"][:1]
        answers[grading.field_name(position)] = [grading.option_value(item["options"].index(pk)) for pk in chosen]
    return answers


def load_contest_results(contest, log):
    """Most registered students of the demo junior school take the contest one to three times.

    7年级1班 is left alone: its students are the ones the demo walks sign in as, attempts unused.
    """
    if contest.results.exists():
        return
    rng = random.Random(626)
    students = (
        Student.objects.filter(school__stage=Stage.JUNIOR, school__code__startswith="DEMO", registered_at__isnull=False)
        .exclude(school_class__grade=7, school_class__name="1班")
        .select_related("user")
        .order_by("pk")
    )
    for student in students:
        if rng.random() < 0.2:
            continue
        knows = rng.uniform(0.45, 0.95)
        for _attempt in range(rng.choice([1, 1, 2, 3])):
            attempt = grading.start_attempt(contest, user=student.user, rng=rng)
            grading.submit(attempt, demo_answers(attempt, rng, knows))
            knows = min(1.0, knows + 0.1)
    log(f"Contest: {contest.results.count()} demo results.")


def load_awareness_results(quiz, log):
    """Anonymous demo results spread over the towns and the last few months, for the rate and statistics."""
    if quiz.results.exists():
        return
    towns = list(Region.objects.towns())
    rng = random.Random(626)
    now = timezone.now()
    for number in range(80):
        started = now - datetime.timedelta(days=rng.randrange(120), minutes=rng.randrange(600))
        attempt = grading.start_attempt(quiz, region=rng.choice(towns) if towns else None, now=started, rng=rng)
        answers = demo_answers(attempt, rng, 0.8)
        grading.submit(attempt, answers, now=started + datetime.timedelta(minutes=3 + number % 4))
    log(f"Awareness quiz: {quiz.results.count()} demo results.")


def remove_old_demo_student():
    """Earlier demos made a `student` account for the admin login; students now sign in with their school."""
    get_user_model().objects.filter(username="student", student__isnull=True, groups__name=STUDENTS_GROUP).delete()


def load_demo(home, log):
    load_questions(log)
    awareness = load_awareness_quiz(home)
    add_quiz_to_menu(home, awareness)
    load_contest(home)
    load_awareness_results(awareness, log)
    remove_old_demo_student()
    school_demo.load_demo(home, log)
    load_contest_results(load_contest(home), log)
