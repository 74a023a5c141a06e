"""The one gate to student data: `visible_to(user)` says which schools, classes and students a user may see."""

import operator
from functools import reduce

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from education.models import LessonProgress
from jindu.models import Region
from schools.models import PortalAccess, School, SchoolClass, SchoolStaff, StaffRole, Student


class Scope:
    """What one signed-in user may see and change; empty for the public, students and editors."""

    def __init__(self, user):
        self.user = user
        roles = []
        if getattr(user, "is_authenticated", False) and user.is_active:
            roles = list(SchoolStaff.objects.filter(user=user).select_related("region"))
        self.admin_school_ids = {role.school_id for role in roles if role.role == StaffRole.SCHOOL_ADMIN}
        self.teacher_school_ids = {role.school_id for role in roles if role.role == StaffRole.TEACHER}
        self.bureau_regions = [role.region for role in roles if role.role == StaffRole.BUREAU]

    @property
    def is_staff_member(self):
        return bool(self.admin_school_ids or self.teacher_school_ids or self.bureau_regions)

    @property
    def is_bureau(self):
        return bool(self.bureau_regions)

    def _in_bureau_regions(self, prefix=""):
        if not self.bureau_regions:
            return Q(pk__in=[])
        return reduce(
            operator.or_,
            (
                Q(**{f"{prefix}path__startswith": region.path, f"{prefix}depth__gte": region.depth})
                for region in self.bureau_regions
            ),
        )

    def regions(self):
        """Regions whose table a bureau viewer may open."""
        return Region.objects.filter(self._in_bureau_regions())

    def schools(self):
        """Schools whose whole report the user may see: their own as school admin, or in the bureau's region."""
        return School.objects.filter(Q(pk__in=self.admin_school_ids) | self._in_bureau_regions("region__"))

    def import_schools(self):
        """Schools the user may import rosters into (school admins and teachers; bureaus are read-only)."""
        return School.objects.filter(pk__in=self.admin_school_ids | self.teacher_school_ids)

    def managed_classes(self):
        """Classes the user may change: a teacher's own classes and every class of an admin's school."""
        condition = Q(school_id__in=self.admin_school_ids)
        if self.teacher_school_ids:
            taught = SchoolClass.teachers.through.objects.filter(user=self.user).values("schoolclass_id")
            condition |= Q(school_id__in=self.teacher_school_ids, pk__in=taught)
        return SchoolClass.objects.filter(condition)

    def classes(self):
        """Classes whose students and progress the user may see."""
        if not self.is_staff_member:
            return SchoolClass.objects.none()
        return SchoolClass.objects.filter(
            Q(pk__in=self.managed_classes().values("pk")) | Q(school__in=self.schools().values("pk"))
        )

    def students(self):
        return Student.objects.filter(school_class__in=self.classes().values("pk"))

    def progress(self):
        return LessonProgress.objects.filter(user__student__in=self.students().values("pk"))

    @property
    def can_read_access_log(self):
        """School admins read their school's log, bureaus their region's; teachers do not."""
        return bool(self.admin_school_ids or self.bureau_regions)

    def access_log(self):
        """Access-log rows about the schools (and, for a bureau, the regions) the user oversees."""
        if not self.can_read_access_log:
            return PortalAccess.objects.none()
        schools = self.schools().values("pk")
        return PortalAccess.objects.filter(
            Q(school__in=schools) | Q(school_class__school__in=schools) | Q(region__in=self.regions().values("pk"))
        )

    def school_or_404(self, pk):
        return _get_or_404(self.schools().select_related("region"), pk)

    def import_school_or_404(self, pk):
        return _get_or_404(self.import_schools(), pk)

    def class_or_404(self, pk):
        """A class the user may see; its `is_managed` is `can_manage(it)` and its `school_visible`
        whether its school is among `schools()`, read in the same query.

        The two say whether the class is among `classes()` (managed, or of a school the user sees), so the
        class is looked up by them alone: building and compiling `classes()` as well cost more than the query.
        """
        if not self.is_staff_member:
            raise Http404
        managed = Exists(self.managed_classes().filter(pk=OuterRef("pk")))
        school_visible = Exists(self.schools().filter(pk=OuterRef("school_id")))
        classes = SchoolClass.objects.select_related("school", "school__region")
        school_class = _get_or_404(classes.annotate(is_managed=managed, school_visible=school_visible), pk)
        if not (school_class.is_managed or school_class.school_visible):
            raise Http404
        return school_class

    def managed_class_or_404(self, pk):
        return _get_or_404(self.managed_classes().select_related("school"), pk)

    def managed_student_or_404(self, pk):
        students = Student.objects.filter(school_class__in=self.managed_classes().values("pk"))
        return _get_or_404(students.select_related("user", "school", "school_class"), pk)

    def region_or_404(self, pk):
        return _get_or_404(self.regions(), pk)

    def can_manage(self, school_class):
        return self.managed_classes().filter(pk=school_class.pk).exists()


def _get_or_404(queryset, pk):
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_to(user):
    """Every portal view and export starts here."""
    return Scope(user)
