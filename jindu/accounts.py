"""The one sign-in page for everyone, signing out, and the old sign-in addresses that lead to it.

Students sign in with school code, student number and password; staff (teachers, officers, the office,
editors) with username and password. Each lands on their own work (`jindu.landing`). The Wagtail
admin login stays, for editors only.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from wagtail.admin.views.account import LoginView as WagtailLoginView

from jindu.auth import SESSION_BACKEND
from jindu.landing import landing_url, may_use_admin
from schools.portal.forms import StudentSignInForm
from schools.students import student_of

STAFF = "staff"
# For `login_required(login_url=...)` and `redirect_to_login` in the staff tools.
STAFF_SIGN_IN_URL = format_lazy("{}?as={}", reverse_lazy("sign_in"), STAFF)


class StaffSignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is wrong. Mind upper and lower case."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")


def safe_next(request):
    """The `next` address if it stays on this site (and is not the sign-in page itself), else ''."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not allowed or target.split("?")[0] in (reverse("sign_in"), reverse("sign_out")):
        return ""
    return target


def sign_in_url(staff=False, next_url=""):
    query = {key: value for key, value in (("as", STAFF if staff else ""), ("next", next_url)) if value}
    return reverse("sign_in") + (f"?{urlencode(query)}" if query else "")


def public_sign_in_url(staff=False):
    """The sign-in address as printed for people: on the site's public address."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + sign_in_url(staff=staff)


def _after_sign_in(request, user):
    student = student_of(user)
    next_url = safe_next(request)
    if student is not None and student.must_change_password:
        target = reverse("portal:change_password")
        return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
    return redirect(next_url or landing_url(user))


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request):
    staff = request.GET.get("as") == STAFF
    if request.user.is_authenticated and request.method == "GET":
        return _after_sign_in(request, request.user)
    data = request.POST if request.method == "POST" else None
    form = StaffSignInForm(request, data=data) if staff else StudentSignInForm(data, request=request)
    if data is not None and form.is_valid():
        user = form.get_user() if staff else form.student.user
        login(request, user, backend=SESSION_BACKEND)
        return _after_sign_in(request, user)
    next_url = safe_next(request)
    return render(
        request,
        "jindu/sign_in.html",
        {
            "form": form,
            "staff": staff,
            "next": next_url,
            "other_mode_url": sign_in_url(staff=not staff, next_url=next_url),
        },
    )


@require_POST
def sign_out(request):
    was_student = student_of(request.user) is not None
    logout(request)
    response = redirect(sign_in_url(staff=not was_student))
    # Without a session cookie the public pages are served from the page cache again.
    response.delete_cookie(
        settings.SESSION_COOKIE_NAME, domain=settings.SESSION_COOKIE_DOMAIN, path=settings.SESSION_COOKIE_PATH
    )
    return response


def old_sign_in(staff):
    """An old sign-in address: on to the one sign-in page, keeping `next`."""

    def view(request):
        return redirect(sign_in_url(staff=staff, next_url=safe_next(request)), permanent=True)

    return view


class EditorLoginView(WagtailLoginView):
    """The Wagtail admin login, for editors only: everyone else is pointed to their own sign-in and work."""

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_use_admin(request.user):
            # Wagtail queued "no permission" on the way here; the page below says it better.
            list(messages.get_messages(request))
            return render(request, "jindu/admin_refused.html", {"landing_url": landing_url(request.user)}, status=403)
        return super().get(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["password"].label = _("Password")  # Wagtail leaves it to the field name, in English
        return form

    def form_valid(self, form):
        if not may_use_admin(form.get_user()):
            form.add_error(None, forms.ValidationError(_("This sign-in is for site editors.")))
            return self.form_invalid(form)
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sign_in_url": reverse("sign_in"),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
