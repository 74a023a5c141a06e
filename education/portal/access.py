"""Portal gatekeeping: who may enter, and the log of every look at student data."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from education.models import PortalAccess
from education.scoping import visible_to
from jindu.accounts import STAFF_SIGN_IN_URL


def staff_view(view):
    """Anonymous visitors go to sign-in; signed-in users without a portal role get 404; others get `scope`."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), STAFF_SIGN_IN_URL)
        scope = visible_to(request.user)
        if not scope.is_staff_member:
            raise Http404
        return view(request, scope, *args, **kwargs)

    return wrapper


def log_access(request, action, what, *, school=None, school_class=None, region=None, rows=0):
    PortalAccess.objects.create(
        user=request.user,
        action=action,
        what=what,
        school=school,
        school_class=school_class,
        region=region,
        rows=rows,
    )
