"""毕业处理: a school admin anonymises a graduating class, or a grade of leavers, after a confirmation page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from schools.graduation import graduate
from schools.models import PortalAccess, Student
from schools.models.schools import grade_label

from .access import log_access, staff_view


def _admin_school_or_404(scope, pk):
    school = scope.school_or_404(pk)
    if school.pk not in scope.admin_school_ids:
        raise Http404
    return school


def _confirm_or_graduate(request, school, students, label, back, school_class=None):
    count = students.exclude(name="").count()
    if request.method == "POST" and count:
        graduated = graduate(students.exclude(name=""))
        log_access(
            request,
            PortalAccess.Action.GRADUATE,
            "graduation",
            school=school,
            school_class=school_class,
            rows=graduated,
        )
        messages.success(
            request,
            _("%(label)s: %(count)d students graduated; their names are removed and the figures are kept.")
            % {"label": label, "count": graduated},
        )
        return redirect(back)
    return render(
        request,
        "schools/portal/graduate_confirm.html",
        {"school": school, "label": label, "count": count, "back": back},
    )


@never_cache
@staff_view
def graduate_class(request, scope, pk):
    school_class = scope.class_or_404(pk)
    school = _admin_school_or_404(scope, school_class.school_id)
    label = f"{school.name} {school_class}"
    students = Student.objects.filter(school_class=school_class)
    back = reverse("portal:class", args=[school_class.pk])
    return _confirm_or_graduate(request, school, students, label, back, school_class)


@never_cache
@staff_view
def graduate_grade(request, scope, pk, grade):
    school = _admin_school_or_404(scope, pk)
    label = f"{school.name} {grade_label(grade)}"
    students = Student.objects.filter(school=school, school_class__grade=grade)
    back = reverse("portal:school", args=[school.pk])
    return _confirm_or_graduate(request, school, students, label, back)
