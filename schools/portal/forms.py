from django import forms
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from schools.roster_import import NUMBER_PATTERN
from schools.students import student_of

from ..accounts import plain

MAX_UPLOAD = 5 * 1024 * 1024


class RosterImportForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (Excel .xlsx or CSV)"),
        help_text=_("Columns: grade, class, student number, name. Download the template to start."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload


class StudentSignInForm(forms.Form):
    """School code, student number and password; `student` is set once they match."""

    school_code = forms.CharField(
        label=_("School code"), max_length=40, widget=forms.TextInput(attrs={"autocapitalize": "characters"})
    )
    number = forms.CharField(
        label=_("Student number"), max_length=40, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    student = None

    def __init__(self, data=None, request=None, **kwargs):
        self.request = request
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            # Through authenticate() (schools.backends.StudentBackend) so that sign-in throttling counts it.
            user = authenticate(
                self.request,
                school_code=cleaned["school_code"],
                number=cleaned["number"],
                password=cleaned["password"],
            )
            self.student = student_of(user)
            if self.student is None:
                raise ValidationError(
                    _("The school code, student number or password is wrong. Ask your teacher if you forgot.")
                )
        return cleaned


class JoinClassForm(forms.Form):
    code = forms.CharField(label=_("Class join code"), max_length=8)
    number = forms.CharField(label=_("Student number"), max_length=30)
    name = forms.CharField(
        label=_("Your name"), max_length=50, help_text=_("As your teacher wrote it in the class roster.")
    )
    password1 = forms.CharField(label=_("Choose a password"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("The password again"), strip=False, widget=forms.PasswordInput)

    def clean_number(self):
        number = plain(self.cleaned_data["number"])
        if not NUMBER_PATTERN.match(number):
            raise ValidationError(_("A student number may only hold letters, digits and “-”, at most 30."))
        return number

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class FirstPasswordForm(forms.Form):
    """A student's own password replacing the one-time password from the class sheet."""

    password1 = forms.CharField(label=_("New password"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("The new password again"), strip=False, widget=forms.PasswordInput)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            if self.user.check_password(password1):
                self.add_error("password1", _("Choose a password different from the one on the sheet."))
            else:
                try:
                    password_validation.validate_password(password1, self.user)
                except ValidationError as error:
                    self.add_error("password1", error)
        return cleaned
