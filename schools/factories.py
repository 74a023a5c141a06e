"""Factories for schools, students, courses and lessons (tests, demo and benchmark)."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.utils import timezone

from education.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    School,
    SchoolClass,
    SchoolStaff,
    StaffRole,
    Stage,
    Student,
)
from education.models.schools import student_username
from jindu.factories import UserFactory


class SchoolFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"45{n:08d}")
    name = factory.Sequence(lambda n: f"示例中学{n}")
    stage = Stage.JUNIOR

    class Meta:
        model = School


class SchoolClassFactory(factory.django.DjangoModelFactory):
    school = factory.SubFactory(SchoolFactory)
    grade = 7
    name = factory.Sequence(lambda n: f"{n + 1}班")
    enrolled = 40

    class Meta:
        model = SchoolClass


class StudentFactory(factory.django.DjangoModelFactory):
    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.SelfAttribute("school_class.school")
    number = factory.Sequence(lambda n: f"2025{n:05d}")
    name = factory.Sequence(lambda n: f"学生{n}")
    user = factory.LazyAttribute(
        lambda o: get_user_model().objects.create_user(
            student_username(o.school.code, o.number), password="first-pass-1234", display_name=o.name
        )
    )

    class Meta:
        model = Student

    class Params:
        registered = factory.Trait(registered_at=factory.LazyFunction(timezone.now), must_change_password=False)


def make_staff(role, school=None, region=None, classes=(), username=None):
    """A portal user with one role; teachers are linked to `classes`."""
    user = UserFactory(username=username) if username else UserFactory()
    SchoolStaff.objects.create(user=user, role=role, school=school, region=region)
    for school_class in classes:
        school_class.teachers.add(user)
    return user


def make_teacher(school_class, **kwargs):
    return make_staff(StaffRole.TEACHER, school=school_class.school, classes=[school_class], **kwargs)


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
