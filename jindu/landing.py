"""Where each person lands after signing in: their own work, found from the roles they hold."""

from django.urls import reverse

from campaigns.access import can_log_reports, is_office
from schools.scoping import visible_to
from schools.students import student_of


def _school_staff_landing(user):
    """A teacher's class, a school admin's school or a bureau's region table; the portal home when several."""
    scope = visible_to(user)
    if not scope.is_staff_member:
        return None
    places = [reverse("portal:region", args=[region.pk]) for region in scope.bureau_regions]
    places += [reverse("portal:school", args=[pk]) for pk in sorted(scope.admin_school_ids)]
    if scope.teacher_school_ids:
        taught = scope.managed_classes().exclude(school_id__in=scope.admin_school_ids)
        places += [reverse("portal:class", args=[pk]) for pk in taught.order_by("pk").values_list("pk", flat=True)]
    return places[0] if len(places) == 1 else reverse("portal:home")


def landing_url(user):
    """The address of `user`'s own work: what they see right after signing in."""
    if user.is_superuser:
        return reverse("wagtailadmin_home")
    student = student_of(user)
    if student is not None:
        return reverse("portal:change_password" if student.must_change_password else "portal:my_courses")
    if is_office(user) and user.has_perm("wagtailadmin.access_admin"):
        return reverse("campaigns_dashboard")
    staff_landing = _school_staff_landing(user)
    if staff_landing:
        return staff_landing
    if can_log_reports(user):
        return reverse("campaigns:report_list")
    if user.has_perm("wagtailadmin.access_admin"):
        return reverse("wagtailadmin_home")
    return "/"


def may_use_admin(user):
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")
