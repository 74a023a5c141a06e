"""Student accounts: one-time passwords, join codes and sign-in by school code and student number."""

import secrets
import unicodedata

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.models import SchoolClass, Student
from schools.models.schools import new_join_code, student_username

# No 0/o, 1/l/i: children copy these from paper.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def one_time_password():
    """Eight easy-to-copy characters in two groups, e.g. k7m3-p9q2."""
    chars = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def plain(text):
    return unicodedata.normalize("NFKC", text or "").strip()


def compact(text):
    """A code as typed on a phone: full-width characters made plain, every space dropped."""
    return "".join(plain(text).split())


def issue_passwords(students):
    """Give each student a fresh one-time password to change at first sign-in; return [(student, password)]."""
    User = get_user_model()
    issued = []
    users = []
    for student in students:
        password = one_time_password()
        student.user.password = make_password(password)
        users.append(student.user)
        issued.append((student, password))
    with transaction.atomic():
        User.objects.bulk_update(users, ["password"])
        Student.objects.filter(pk__in=[student.pk for student, _password in issued]).update(must_change_password=True)
    for student, _password in issued:
        student.must_change_password = True
    return issued


def reset_password(student):
    """A teacher's reset: a new one-time password, changed at the next sign-in."""
    return issue_passwords([student])[0][1]


def rotate_join_code(school_class):
    for _attempt in range(5):
        school_class.join_code = new_join_code()
        try:
            with transaction.atomic():
                school_class.save(update_fields=["join_code"])
            return school_class.join_code
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free join code")


def disable_join_code(school_class):
    school_class.join_code = None
    school_class.save(update_fields=["join_code"])


def authenticate_student(school_code, number, password):
    """The student with this school code, student number and password, or None."""
    student = (
        Student.objects.select_related("user", "school")
        .filter(school__code__iexact=compact(school_code), number=compact(number))
        .first()
    )
    if student is None or not student.user.is_active or not student.user.check_password(password):
        # Hash anyway so a wrong number takes as long as a wrong password.
        if student is None:
            make_password(password)
        return None
    return student


def mark_password_changed(student):
    student.must_change_password = False
    if student.registered_at is None:
        student.registered_at = timezone.now()
    student.save(update_fields=["must_change_password", "registered_at"])


def join_class(code, number, name, password):
    """Activate (or create) a student's account in the class with this join code; raise ValidationError."""
    school_class = (
        SchoolClass.objects.select_related("school").filter(join_code=plain(code).upper()).first() if code else None
    )
    if school_class is None:
        raise ValidationError({"code": _("This join code is not valid; ask your teacher for the current one.")})
    number, name = plain(number), plain(name)
    school = school_class.school
    student = Student.objects.select_related("user").filter(school=school, number=number).first()
    if student is not None:
        if student.school_class_id != school_class.pk:
            raise ValidationError({"number": _("This student number belongs to another class; ask your teacher.")})
        if student.registered_at is not None:
            raise ValidationError(
                {
                    "number": _(
                        "This student has already registered: sign in, or ask your teacher to reset the password."
                    )
                }
            )
        if student.name != name:
            raise ValidationError({"name": _("The name does not match the class roster.")})
        user = student.user
    else:
        User = get_user_model()
        user = User(username=student_username(school.code, number), display_name=name)
    password_validation.validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        if student is None:
            student = Student.objects.create(
                user=user, school=school, school_class=school_class, name=name, number=number
            )
        mark_password_changed(student)
    return student
