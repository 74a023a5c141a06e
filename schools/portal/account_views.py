"""A student's own account pages: joining a class, the first password, and 我的课程."""

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from education.completion import student_courses
from education.contests import open_contests_for
from jindu import throttle
from jindu.accounts import safe_next
from jindu.auth import SESSION_BACKEND
from jindu.landing import landing_url
from schools import accounts
from schools.students import student_of

from .forms import FirstPasswordForm, JoinClassForm


@sensitive_post_parameters("password1", "password2")
@never_cache
def join(request):
    form = JoinClassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Throttled like a sign-in: the "account" is the join code with the student number.
        account = f"join-{data['code']}-{data['number']}".casefold()
        if throttle.is_locked_out(request, account):
            return throttle.lockout_response(request, credentials={"username": account})
        try:
            student = accounts.join_class(data["code"], data["number"], data["name"], data["password1"])
        except ValidationError as error:
            if getattr(error, "error_dict", {}).keys() & {"code", "number", "name"}:
                throttle.count_failure(request, account)
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else "password1", errors)
            else:
                form.add_error("password1", error)
        else:
            login(request, student.user, backend=SESSION_BACKEND)
            messages.success(request, _("Welcome, %(name)s! Your account is ready.") % {"name": student.name})
            return redirect("portal:my_courses")
    return render(request, "schools/portal/join.html", {"form": form})


@sensitive_post_parameters("password1", "password2")
@never_cache
def change_password(request):
    student = student_of(request.user)
    if student is None:
        return redirect_to_login(request.get_full_path())
    form = FirstPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.user.set_password(form.cleaned_data["password1"])
        request.user.save(update_fields=["password"])
        accounts.mark_password_changed(student)
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password is changed. Remember it: you sign in with it from now on."))
        return redirect(safe_next(request) or reverse("portal:my_courses"))
    return render(request, "schools/portal/change_password.html", {"form": form, "student": student})


@never_cache
def my_courses(request):
    student = student_of(request.user, with_class=True)
    if student is None:
        if request.user.is_authenticated:
            return redirect(landing_url(request.user))
        return redirect_to_login(request.get_full_path())
    if student.must_change_password:
        return redirect("portal:change_password")
    return render(
        request,
        "schools/portal/my_courses.html",
        {"student": student, "courses": student_courses(student), "contests": open_contests_for(student)},
    )
