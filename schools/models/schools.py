"""Schools, their classes and students, and the staff who may see them."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jindu.models import Region


class Stage(models.TextChoices):
    PRIMARY = "primary", _("Primary school (小学)")
    JUNIOR = "junior", _("Junior middle school (初中)")
    SENIOR = "senior", _("Senior high school (高中)")
    VOCATIONAL = "vocational", _("Vocational school (中职)")


class SchoolQuerySet(models.QuerySet):
    def in_region(self, region):
        """Schools anywhere in the region's subtree."""
        return self.filter(region__path__startswith=region.path, region__depth__gte=region.depth)


class School(models.Model):
    """A school; its region places it in the bureau's town-by-town table."""

    code = models.CharField(
        _("school code"),
        max_length=20,
        unique=True,
        help_text=_("The code students type when they sign in, e.g. the national school code."),
    )
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="schools")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        db_table = "education_school"
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self):
        return self.name


JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_join_code():
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


class SchoolClass(models.Model):
    """A class (班级); its enrolled headcount is the official denominator of the registration rate."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="classes")
    grade = models.PositiveSmallIntegerField(
        _("grade"), help_text=_("1–6 primary, 7–9 junior middle, 10–12 senior high.")
    )
    name = models.CharField(_("class name"), max_length=30, help_text=_("e.g. 1班"))
    enrolled = models.PositiveIntegerField(
        _("enrolled headcount"), help_text=_("Students on the school's books, registered here or not.")
    )
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("teachers"), blank=True, related_name="taught_classes"
    )
    join_code = models.CharField(_("join code"), max_length=8, unique=True, null=True, blank=True)

    class Meta:
        db_table = "education_schoolclass"
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["grade", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "grade", "name"], name="unique_class_in_school")]

    def __str__(self):
        return f"{self.grade_label}{self.name}"

    @property
    def grade_label(self):
        return grade_label(self.grade)


GRADE_NAMES = {
    1: "一年级",
    2: "二年级",
    3: "三年级",
    4: "四年级",
    5: "五年级",
    6: "六年级",
    7: "七年级",
    8: "八年级",
    9: "九年级",
    10: "高一",
    11: "高二",
    12: "高三",
}


def grade_label(grade):
    return GRADE_NAMES.get(grade, f"{grade}年级")


class Student(models.Model):
    """A student account; minors, so nothing but name, number and class."""

    # A graduated student kept for the figures has no name and a number starting with this (schools/graduation.py).
    GRADUATED_PREFIX = "g-"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student")
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="students")
    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("class"), on_delete=models.PROTECT, related_name="students"
    )
    name = models.CharField(_("student name"), max_length=50)
    number = models.CharField(_("student number"), max_length=30)
    must_change_password = models.BooleanField(_("must change password"), default=True)
    registered_at = models.DateTimeField(
        _("registered at"), null=True, blank=True, help_text=_("When the student first signed in and set a password.")
    )

    class Meta:
        db_table = "education_student"
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["school", "number"], name="unique_student_number_in_school")]
        indexes = [models.Index(fields=["school_class", "registered_at"], name="student_class_registered")]

    def __str__(self):
        return f"{self.number} {self.name}"

    @property
    def is_registered(self):
        return self.registered_at is not None

    @property
    def is_graduated(self):
        return self.number.startswith(self.GRADUATED_PREFIX) and not self.name


def student_username(school_code, number):
    """Students never type this: they sign in with school code and student number."""
    return f"s-{school_code}-{number}"


class StaffRole(models.TextChoices):
    SCHOOL_ADMIN = "school_admin", _("School administrator")
    TEACHER = "teacher", _("Teacher")
    BUREAU = "bureau", _("Education bureau (read-only)")


class SchoolStaff(models.Model):
    """What a staff member may see in the school portal: a school, or a region for a bureau."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_roles")
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    school = models.ForeignKey(
        School, verbose_name=_("school"), null=True, blank=True, on_delete=models.CASCADE, related_name="staff"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        db_table = "education_schoolstaff"
        verbose_name = _("school portal role")
        verbose_name_plural = _("school portal roles")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="bureau", region__isnull=False, school__isnull=True))
                | (~Q(role="bureau") & Q(school__isnull=False, region__isnull=True)),
                name="staff_role_has_school_or_region",
            )
        ]

    def __str__(self):
        return f"{self.user} {self.get_role_display()} {self.school or self.region}"
