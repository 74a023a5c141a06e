"""Sign-in throttling with django-axes: per account and per client address, on every sign-in form.

Axes counts failed sign-ins (Django's `user_login_failed` signal) in the database and refuses further
tries once a limit is reached, until the cool-off has passed or an administrator unlocks it
(`jindu.admin_views.SignInLocksView`, or `manage.py axes_reset_username`). Two counters:

- the account: a staff username, or for students "s-<school code>-<student number>" (what their user
  row is called), so a student is one account however the code was typed;
- the client address (`jindu.client_ip`), with a higher limit since a whole school may share one.

A correct sign-in clears that account's failures only: clearing the address as well would let anyone
with one good password reset the count on other people's accounts.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Q, Sum
from django.shortcuts import render
from django.utils import timezone

from schools.accounts import compact


def student_key(school_code, number):
    """The account a student sign-in is counted against (the student user's username, case folded)."""
    return f"s-{compact(school_code)}-{compact(number)}".casefold()


def axes_username(request, credentials):
    """AXES_USERNAME_CALLABLE: one stable name per account, whichever form the sign-in came through."""
    if credentials and credentials.get("school_code") is not None:
        return student_key(credentials["school_code"], credentials.get("number"))
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username")
    return username.strip().casefold()[:255] if username else None


def address_failure_limit():
    return getattr(settings, "JINDU_SIGN_IN_ADDRESS_FAILURE_LIMIT", 50)


class SignInThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for the client address."""

    def get_failures(self, request, credentials=None):
        """Failures scaled to the account limit: reaching the address limit counts as reaching that."""
        limit = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            own_limit = address_failure_limit() if parameter == "ip_address" else limit
            worst = max(worst, count * limit // own_limit)
        return worst

    def reset_user_attempts(self, request, credentials=None):
        username = axes_username(request, credentials)
        return self.reset_attempts(username=username) if username else 0


def is_locked_out(request, account):
    """True while `account` or this client address may not try to sign in."""
    return not AxesProxyHandler.is_allowed(request, {"username": account})


def count_failure(request, account):
    """Count a failed try at a form that does not go through `authenticate()` (joining a class)."""
    user_login_failed.send(sender=__name__, credentials={"username": account}, request=request)


def retry_at(request, credentials):
    """When the lock on this account and address ends at the latest."""
    cool_off = get_cool_off(request)
    username = axes_username(request, credentials)
    latest = AccessAttempt.objects.filter(
        Q(username=username) | Q(ip_address=request.axes_ip_address)
        if username
        else Q(ip_address=request.axes_ip_address)
    ).aggregate(latest=Max("attempt_time"))["latest"]
    return (latest or timezone.now()) + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the locked-out page, in the site's frame, saying when to try again."""
    until = retry_at(request, credentials)
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    return render(
        request,
        "jindu/locked_out.html",
        {"retry_at": until, "minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class SignInThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check for every sign-in made through a request.

    Every sign-in page passes its request to `authenticate()`; a call without one (Django's test client's
    `login()`, a shell session) has no client address to count against, so it is left to the other backends.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
