"""Factories for quizzes, courses and lessons: tests, benchmarks and demo data."""

import factory
import wagtail_factories
from django.contrib.auth.models import Group

from education.models import (
    CourseIndexPage,
    CoursePage,
    DrawRule,
    LessonPage,
    Question,
    QuestionKind,
    QuestionOption,
    QuizPage,
    QuizQuestion,
)
from jindu.factories import UserFactory
from schools.models import Stage
from schools.students import STUDENTS_GROUP


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question; `options` is a list of (text, is_correct) pairs, `tags` a list of names."""

    stem = factory.Sequence(lambda n: f"第{n}题：下列哪一种是毒品？")
    kind = QuestionKind.SINGLE
    explanation = "冰毒是甲基苯丙胺。"

    class Meta:
        model = Question
        skip_postgeneration_save = True

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        pairs = extracted
        if pairs is None:
            pairs = (
                [("正确", True), ("错误", False)]
                if self.kind == QuestionKind.TRUE_FALSE
                else [("冰毒", True), ("维生素", False), ("牛奶", False), ("米饭", False)]
            )
        self.options.set(
            [
                QuestionOption(text=text, is_correct=correct, sort_order=index)
                for index, (text, correct) in enumerate(pairs)
            ]
        )
        if create:
            self.save()

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(extracted)
            if create:
                self.save()


class QuizPageFactory(wagtail_factories.PageFactory):
    """A quiz page; `questions` lists fixed questions, `rules` lists DrawRule keyword dicts."""

    title = factory.Sequence(lambda n: f"禁毒知识测验{n}")
    slug = factory.Sequence(lambda n: f"quiz-{n}")
    shuffle_questions = False
    shuffle_options = False

    class Meta:
        model = QuizPage
        skip_postgeneration_save = True

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        for index, question in enumerate(extracted or []):
            QuizQuestion.objects.create(quiz=self, question=question, sort_order=index)

    @factory.post_generation
    def rules(self, create, extracted, **kwargs):
        for index, rule in enumerate(extracted or []):
            DrawRule.objects.create(quiz=self, sort_order=index, **rule)


def make_student(**kwargs):
    student = UserFactory(**kwargs)
    group, _created = Group.objects.get_or_create(name=STUDENTS_GROUP)
    student.groups.add(group)
    return student


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    title = "禁毒课堂"
    slug = factory.Sequence(lambda n: f"courses-{n}")

    class Meta:
        model = CourseIndexPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"禁毒教育课程{n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    stage = Stage.JUNIOR
    grade = 7
    required_class_hours = 2

    class Meta:
        model = CoursePage


class LessonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"第{n + 1}课")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    class_hours = 1

    class Meta:
        model = LessonPage
