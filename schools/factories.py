"""Factories for schools, classes, students and portal staff (tests, demo and benchmark)."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from jindu.factories import UserFactory
from schools.models import School, SchoolClass, SchoolStaff, StaffRole, Stage, Student
from schools.models.schools import student_username


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
