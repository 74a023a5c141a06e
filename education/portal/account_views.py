"""Signing in and out: staff with username and password, students with school code and student number."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from education import accounts
from education.completion import student_courses, student_of
from education.contests import open_contests_for

from .forms import FirstPasswordForm, JoinClassForm, StudentSignInForm


class StaffSignInView(LoginView):
    template_name = "education/portal/sign_in.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("portal:home")


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@sensitive_post_parameters("password")
@never_cache
def student_sign_in(request):
    form = StudentSignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        student = accounts.authenticate_student(data["school_code"], data["number"], data["password"])
        if student is None:
            form.add_error(
                None, _("The school code, student number or password is wrong. Ask your teacher if you forgot.")
            )
        else:
            login(request, student.user, backend=settings.AUTHENTICATION_BACKENDS[0])
            if student.must_change_password:
                return redirect("portal:change_password")
            return redirect(_safe_next(request, reverse("portal:my_courses")))
    return render(request, "education/portal/student_sign_in.html", {"form": form, "next": request.GET.get("next", "")})


@sensitive_post_parameters("password1", "password2")
@never_cache
def join(request):
    form = JoinClassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            student = accounts.join_class(data["code"], data["number"], data["name"], data["password1"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else "password1", errors)
            else:
                form.add_error("password1", error)
        else:
            login(request, student.user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(request, _("Welcome, %(name)s! Your account is ready.") % {"name": student.name})
            return redirect("portal:my_courses")
    return render(request, "education/portal/join.html", {"form": form})


@sensitive_post_parameters("password1", "password2")
@never_cache
def change_password(request):
    student = student_of(request.user)
    if student is None:
        return redirect_to_login(request.get_full_path(), reverse("portal:student_sign_in"))
    form = FirstPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.user.set_password(form.cleaned_data["password1"])
        request.user.save(update_fields=["password"])
        accounts.mark_password_changed(student)
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password is changed. Remember it: you sign in with it from now on."))
        return redirect("portal:my_courses")
    return render(request, "education/portal/change_password.html", {"form": form, "student": student})


@require_POST
def sign_out(request):
    was_student = student_of(request.user) is not None
    logout(request)
    return redirect("portal:student_sign_in" if was_student else "portal:sign_in")


@never_cache
def my_courses(request):
    student = student_of(request.user)
    if student is None:
        if request.user.is_authenticated:
            return redirect("portal:home")
        return redirect_to_login(request.get_full_path(), reverse("portal:student_sign_in"))
    if student.must_change_password:
        return redirect("portal:change_password")
    student = type(student).objects.select_related("school", "school_class").get(pk=student.pk)
    return render(
        request,
        "education/portal/my_courses.html",
        {"student": student, "courses": student_courses(student), "contests": open_contests_for(student)},
    )
