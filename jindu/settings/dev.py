"""Local development: debug on, SQLite under var/ unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Two-step sign-in is off here unless JINDU_2FA_REQUIRED_ROLES names roles (production requires it of
# superusers, editors, the office, bureaus and school admins).
JINDU_2FA_REQUIRED_ROLES = env_list("JINDU_2FA_REQUIRED_ROLES")
