"""Portal gatekeeping: who may enter, and the log of every look at student data."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from jindu.accounts import STAFF_SIGN_IN_URL
from jindu.client_ip import client_ip
from schools.models import PortalAccess
from schools.scoping import visible_to

SCREEN_RANKING = "contest ranking"
SCREEN_CERTIFICATE = "certificate"
SCREEN_VERIFY = "certificate check"
# The screens and exports that show students' names, as the access log page names them.
SCREENS = {
    "portal home": _("Portal home"),
    "class report": _("Class report"),
    "school report": _("School report"),
    "region report": _("Region report"),
    "roster": _("Roster import"),
    "password sheet": _("Password sheet"),
    "password reset": _("Password reset"),
    SCREEN_RANKING: _("Contest ranking"),
    SCREEN_CERTIFICATE: _("Certificate"),
    SCREEN_VERIFY: _("Public certificate check"),
    "graduation": _("Graduation"),
}

# What an entry's `rows` count: students, except on the overview screens that list classes or schools.
CLASSES, SCHOOLS, STUDENTS = "classes", "schools", "students"
ROW_UNITS = {"portal home": CLASSES, "school report": CLASSES, "region report": SCHOOLS}
UNIT_NAMES = {
    STUDENTS: pgettext_lazy("access log unit", "Students"),
    CLASSES: pgettext_lazy("access log unit", "Classes"),
    SCHOOLS: pgettext_lazy("access log unit", "Schools"),
}


def row_unit(what):
    return ROW_UNITS.get(what, STUDENTS)


def rows_label(entry):
    """How many rows an entry showed, in its own unit: "3 students", "2 classes", "5 schools"."""
    unit = row_unit(entry.what)
    if unit == CLASSES:
        return ngettext("%(count)d class", "%(count)d classes", entry.rows) % {"count": entry.rows}
    if unit == SCHOOLS:
        return ngettext("%(count)d school", "%(count)d schools", entry.rows) % {"count": entry.rows}
    return ngettext("%(count)d student", "%(count)d students", entry.rows) % {"count": entry.rows}


def staff_view(view):
    """Anonymous visitors go to sign-in; signed-in users without a portal role get 404; others get `scope`."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), STAFF_SIGN_IN_URL)
        scope = visible_to(request.user)
        if not scope.is_staff_member:
            raise Http404
        request.portal_staff = True  # the portal's bar links to the portal home without asking for a student record
        return view(request, scope, *args, **kwargs)

    return wrapper


def log_access(request, action, what, *, school=None, school_class=None, region=None, rows=0):
    """One row per screen or export that showed students' names: who, when, what, how many, from where."""
    PortalAccess.objects.create(
        user=request.user if request.user.is_authenticated else None,
        ip=client_ip(request) or None,
        action=action,
        what=what,
        school=school,
        school_class=school_class,
        region=region,
        rows=rows,
    )
