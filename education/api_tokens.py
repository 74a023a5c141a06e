"""Signed bearer tokens for students of a mini-program: no cookie, no table; a password change revokes them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.crypto import constant_time_compare

from schools.students import student_of

SALT = "education.api.student-token"


def max_age():
    return getattr(settings, "EDUCATION_API_TOKEN_DAYS", 30) * 24 * 3600


def _password_mark(user):
    # A slice of the session hash: it changes with the password, so a new password ends old tokens.
    return user.get_session_auth_hash()[:20]


def make_token(user):
    return signing.dumps({"u": user.pk, "p": _password_mark(user)}, salt=SALT)


def student_for_token(token):
    """The active student behind `token`, or None for a forged, expired or revoked one."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("p"), str):
        return None
    user = get_user_model().objects.filter(pk=data["u"], is_active=True).first()
    if user is None or not constant_time_compare(data["p"], _password_mark(user)):
        return None
    return student_of(user)
