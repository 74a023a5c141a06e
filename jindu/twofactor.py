"""Two-step sign-in for staff (TOTP through django-otp) and idle expiry of staff sessions.

Who must use it is a setting, `JINDU_2FA_REQUIRED_ROLES`, naming roles as `roles_of()` finds them (the same
way `jindu.landing` tells people apart). After the password, such a person is verified with the six-digit
code of their authenticator app, or enrols first: scan a QR code, type one code, keep the recovery codes
(django-otp's static device) shown once. Until then `TwoFactorMiddleware` lets them reach nothing but
these pages and signing out, the Wagtail admin included.

Staff sessions (everyone but students) end after `JINDU_STAFF_IDLE_SECONDS` without a request: a request pushes
the session's expiry forward again, at most once every tenth of that time (and at least once a minute), so that
the pages of a busy morning do not each write the session. Students keep Django's session age.
"""

import base64
import math

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from campaigns.access import can_log_reports, is_office
from jindu.accounts import safe_next
from jindu.landing import landing_url, may_use_admin
from schools.scoping import visible_to
from schools.students import is_student

ALL_ROLES = ("superuser", "editor", "office", "bureau", "school_admin", "teacher", "officer", "student")
# What the session remembers about its user: "student", "staff" or "staff-2fa" (staff who must verify).
KIND_KEY = "jindu_session_kind"
TOUCHED_KEY = "jindu_session_touched"
RECOVERY_CODES = 10


def roles_of(user):
    """The roles `user` holds, by the names `JINDU_2FA_REQUIRED_ROLES` uses."""
    if not user.is_authenticated:
        return set()
    if is_student(user):
        return {"student"}
    roles = set()
    if user.is_superuser:
        roles.add("superuser")
    if may_use_admin(user):
        roles.add("editor")
    if is_office(user):
        roles.add("office")
    scope = visible_to(user)
    if scope.bureau_regions:
        roles.add("bureau")
    if scope.admin_school_ids:
        roles.add("school_admin")
    if scope.teacher_school_ids:
        roles.add("teacher")
    if can_log_reports(user):
        roles.add("officer")
    return roles


def requires_two_factor(user):
    return bool(roles_of(user) & set(settings.JINDU_2FA_REQUIRED_ROLES))


def session_kind(user):
    if is_student(user) and "student" not in settings.JINDU_2FA_REQUIRED_ROLES:
        return "student"
    return "staff-2fa" if requires_two_factor(user) else "staff"


@receiver(user_logged_in)
def remember_session_kind(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[KIND_KEY] = session_kind(user)


def _exempt_paths():
    return (
        reverse("two_factor_verify"),
        reverse("two_factor_setup"),
        reverse("sign_out"),
        reverse("set_language"),
        settings.STATIC_URL,
    )


def two_factor_url(user, next_url=""):
    """Where a person who must verify goes: the code, or enrolment when they have no device yet."""
    name = "two_factor_verify" if user_has_device(user) else "two_factor_setup"
    return reverse(name) + (f"?{urlencode({'next': next_url})}" if next_url else "")


def keep_alive(session):
    """Start a staff session's idle time again, unless it was started again a moment ago."""
    idle = settings.JINDU_STAFF_IDLE_SECONDS
    now = timezone.now().timestamp()
    if session.get_expiry_age() != idle or now - session.get(TOUCHED_KEY, 0) >= min(60, idle / 10):
        session.set_expiry(idle)
        session[TOUCHED_KEY] = now


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: idle expiry for staff; unverified staff who must verify go verify."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Visitors without a session cookie (the public, the page cache) cost nothing here.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            kind = request.session.get(KIND_KEY)
            if kind is None:  # a session begun before this middleware, or made by a script
                kind = request.session[KIND_KEY] = session_kind(request.user)
            if kind != "student":
                keep_alive(request.session)
            if kind == "staff-2fa" and not request.user.is_verified() and not request.path.startswith(_exempt_paths()):
                next_url = request.get_full_path() if request.method == "GET" else ""
                return redirect(two_factor_url(request.user, next_url))
        return self.get_response(request)


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_otp_token(self):
        return "".join(self.cleaned_data["otp_token"].split())


WRONG_CODE = _("The code is wrong or has expired. Type the code your app shows now.")


def _code_refused(devices):
    """Why a code was refused: wrong, or too many wrong ones in a row (django-otp slows each device down)."""
    refusals = [info for ok, info in (device.verify_is_allowed() for device in devices) if not ok and info]
    # After one wrong code the wait is a second: not worth a word. After two, say how long.
    waits = [
        info["locked_until"] for info in refusals if info.get("failure_count", 0) >= 2 and info.get("locked_until")
    ]
    if not waits:
        return WRONG_CODE
    seconds = max(1, math.ceil((max(waits) - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second, then type the code your app shows.",
        "Too many wrong codes. Wait %(seconds)d seconds, then type the code your app shows.",
        seconds,
    ) % {"seconds": seconds}


def _onward(request):
    return redirect(safe_next(request) or landing_url(request.user))


@sensitive_post_parameters("otp_token")
@never_cache
@login_required
def verify(request):
    """两步验证: the code from the authenticator app, or one recovery code."""
    if request.user.is_verified():
        return _onward(request)
    if not user_has_device(request.user):
        return redirect(two_factor_url(request.user, safe_next(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["otp_token"])
        if device is not None:
            otp_login(request, device)
            return _onward(request)
        form.add_error("otp_token", _code_refused(devices_for_user(request.user)))
    return render(request, "jindu/two_factor_verify.html", {"form": form, "next": safe_next(request)})


@sensitive_post_parameters("otp_token")
@never_cache
@login_required
def setup(request):
    """Enrolment: scan the QR code, type one code to confirm, then keep the recovery codes shown once."""
    if user_has_device(request.user):
        # Adding a device needs the one already there: otherwise a stolen password would be enough.
        return _onward(request) if request.user.is_verified() else redirect(two_factor_url(request.user))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=str(_("Authenticator app")), confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return render(
                request,
                "jindu/two_factor_recovery.html",
                {
                    "codes": _new_recovery_codes(request.user),
                    "onward_url": safe_next(request) or landing_url(request.user),
                },
            )
        device.refresh_from_db()
        form.add_error("otp_token", _code_refused([device]))
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "jindu/two_factor_setup.html",
        {
            "form": form,
            "next": safe_next(request),
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, border=2),
            "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        },
    )


def _new_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=str(_("Recovery codes")), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
