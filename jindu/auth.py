"""Signing in: Django's model backend, under the name every session is kept with."""

from django.contrib.auth import backends

# The backend a session is kept with, whichever backend checked the password (axes and students come first).
SESSION_BACKEND = "jindu.auth.ModelBackend"


class ModelBackend(backends.ModelBackend):
    """Django's ModelBackend: passwords, permissions, `is_active` and the per-request user lookup work as there.

    Sessions name this class (SESSION_BACKEND), so it stays even though it adds nothing.
    """
