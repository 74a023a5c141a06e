"""The pytest suite: fast hashing, plain static storage, immediate tasks, no index updates on save."""

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, VAR_DIR, WAGTAILSEARCH_BACKENDS, env_list

DEBUG = False
# The suite's own `flush`: a transactional test's clean-up puts the migrated template back (tests/cleanup).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.cleanup"]
SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-uploads"
# Static files come from the finders in tests; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Most tests run tasks at once; tests/jindu/test_job_*.py switch to the database backend and a real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Saves do not update the search index here (most tests never search); tests that search ask for the
# `search_index` fixture, which turns AUTO_UPDATE back on. Wagtail's reference index is off the same way in
# tests/conftest.py (it has no setting), on with the `reference_index` fixture.
WAGTAILSEARCH_BACKENDS = {name: {**params, "AUTO_UPDATE": False} for name, params in WAGTAILSEARCH_BACKENDS.items()}
JINDU_PRIVATE_ROOT = VAR_DIR / "test-private"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a worker process started by a test opens the same test database.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-jindu.sqlite3")}
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Two-step sign-in is off here unless JINDU_2FA_REQUIRED_ROLES names roles (production requires it of
# superusers, editors, the office, bureaus and school admins).
JINDU_2FA_REQUIRED_ROLES = env_list("JINDU_2FA_REQUIRED_ROLES")
# Uploads in tests do not transcode; tests/media/test_transcoding.py switches it on.
JINDU_TRANSCODE_VIDEOS = False
