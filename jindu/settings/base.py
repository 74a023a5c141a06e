"""Settings shared by every environment; dev, test and production adjust them."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from jindu.release import current_release

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"
VAR_DIR = Path(os.environ.get("JINDU_VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "jindu",
    "education",
    "schools",
    "events",
    "campaigns",
    "media",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.api.v2",
    "wagtailmedia",
    "wagtail.sites",
    "jindu.users_app.UsersConfig",  # wagtail.users, without students in its user list
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jindu.middleware.SharedCacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jindu.middleware.ChineseFirstLocaleMiddleware",
    "jindu.middleware.RefuseNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "axes.middleware.AxesMiddleware",
    "jindu.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jindu.middleware.CSPMiddleware",
    "jindu.pagecache.PageCacheMiddleware",
    "jindu.frame.KeptSiteMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "jindu.urls"
WSGI_APPLICATION = "jindu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "jindu.context_processors.display_preferences",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'jindu.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The task worker writes beside the web server: wait for the other's write to end rather than fail at once.
    # A transaction takes the write lock when it begins: one that read first and then wrote would otherwise be
    # refused at once ("database is locked") whenever another connection was writing, without waiting.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "jindu.User"
# Axes first: it refuses sign-ins while locked out (jindu/throttle.py). Then Django's model backend
# (jindu/auth.py), which also keeps every session; then students' school code and student number.
AUTHENTICATION_BACKENDS = [
    "jindu.throttle.SignInThrottleBackend",
    "jindu.auth.ModelBackend",
    "schools.backends.StudentBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sign_in"

# Chinese first: zh-hans unless the visitor picked English with the switcher.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Our own strings, then zh-Hans for the strings Wagtail ships untranslated (both win over the apps' catalogues).
LOCALE_PATHS = [SITE_DIR / "locale", SITE_DIR / "wagtail_locale"]
TIME_ZONE = "Asia/Shanghai"
# Our adjustments to Django's per-language date formats (jindu/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["jindu.formats"]
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [SITE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Uploads live outside the code; the `media` app is ours and holds none.
MEDIA_ROOT = VAR_DIR / "uploads"
MEDIA_URL = "/uploads/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "禁毒宣教平台"
# Wagtail 8's autosave is off. Its timer posts the form again a second or so after a change, also while the editor's
# own save of a new page is still on its way: two requests then create the same page, and one of them is refused
# for the slug the other took (a 400 shown to the editor, or a 500 when both pass validation first). Drafts are
# saved by the editor's buttons, as before Wagtail 8.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The default Site is the public address of every link that leaves the screen (jindu/public_address.py);
# when this is on, `migrate` points it at WAGTAILADMIN_BASE_URL.
JINDU_SITE_FROM_BASE_URL = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "jindu.search.backend"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "csv", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Renditions as WebP (a fifth of the PNG bytes on a village phone); GIFs stay GIF so animations play.
# Templates ask for format-webp explicitly too, so renditions made as PNG before this are not reused.
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"png": "webp", "jpeg": "webp", "bmp": "webp", "webp": "webp"}
WAGTAILIMAGES_WEBP_QUALITY = 80
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Long work (exports, imports, rebuilds, Wagtail's search and reference index updates) runs in a worker:
# `manage.py db_worker` takes tasks from this database, SQLite or PostgreSQL alike (README, Deploying).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Jobs (jindu/models/jobs.py): exports above these many rows, imports above these many rows run in the worker.
JINDU_JOB_EXPORT_ROWS = int(os.environ.get("JINDU_JOB_EXPORT_ROWS", "5000"))
JINDU_JOB_IMPORT_ROWS = int(os.environ.get("JINDU_JOB_IMPORT_ROWS", "300"))
# School and region exports of the portal covering more students than this run in the worker (a class's never does).
JINDU_JOB_PORTAL_EXPORT_STUDENTS = int(os.environ.get("JINDU_JOB_PORTAL_EXPORT_STUDENTS", "3000"))
# A finished job's file is kept this many days, then `apply_retention` deletes it.
JINDU_JOB_FILE_DAYS = int(os.environ.get("JINDU_JOB_FILE_DAYS", "7"))
# A running job whose worker sends no heartbeat for this long (and cannot be checked on this host) has failed.
JINDU_JOB_STALE_MINUTES = int(os.environ.get("JINDU_JOB_STALE_MINUTES", "10"))
# Chores of other apps that housekeeping runs each minute besides its own, by dotted path.
JINDU_HOUSEKEEPING = {"dead transcodes": "media.transcoding.fail_stalled"}
# Read notifications older than this many days are deleted by `manage.py apply_retention`; unread ones stay.
JINDU_NOTIFICATION_DAYS = int(os.environ.get("JINDU_NOTIFICATION_DAYS", "180"))
# Job files, uploads waiting for the worker and tip-off photos: never under MEDIA_ROOT, which nginx serves to anyone.
JINDU_PRIVATE_ROOT = Path(os.environ.get("JINDU_PRIVATE_ROOT", VAR_DIR / "private"))

# Whole pages for anonymous readers (jindu/pagecache.py), in seconds; 0 turns the page cache off. It needs
# a cache that every app server shares, so production turns it on by default only with Redis.
JINDU_PAGE_CACHE_SECONDS = int(os.environ.get("JINDU_PAGE_CACHE_SECONDS", "0"))
# Names the page cache's generations, so each deploy starts afresh (README, Page cache).
JINDU_RELEASE = current_release(BASE_DIR, os.environ)

# A front-end cache (nginx proxy_cache, a CDN) in front of the app servers: on publish and unpublish, Wagtail
# sends it a PURGE for the page's address. Off unless JINDU_FRONTEND_CACHE_URL is set (README "Deploying").
if os.environ.get("JINDU_FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["JINDU_FRONTEND_CACHE_URL"],
        }
    }

# Chinese word segmentation for search: our domain words stay whole.
JINDU_SEARCH_DICTIONARY = BASE_DIR / "jindu" / "search" / "jindu_dict.txt"
JINDU_SEARCH_MAX_QUERY_LENGTH = 100

# Security headers sent on every response; browsers heed HSTS over HTTPS only.
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "fullscreen": ["self"],
}
# Public pages run no inline script; the Wagtail admin ships its own and is excluded.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", "https:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# WeChat JS-SDK share cards (jindu/wechat.py): off unless both are set; the CSP then allows WeChat's script host.
JINDU_WECHAT_APP_ID = os.environ.get("JINDU_WECHAT_APP_ID", "")
JINDU_WECHAT_APP_SECRET = os.environ.get("JINDU_WECHAT_APP_SECRET", "")
JINDU_WECHAT_API_BASE = os.environ.get("JINDU_WECHAT_API_BASE", "https://api.weixin.qq.com")
if JINDU_WECHAT_APP_ID and JINDU_WECHAT_APP_SECRET:
    from jindu.wechat import open_csp

    CONTENT_SECURITY_POLICY = open_csp(CONTENT_SECURITY_POLICY, JINDU_WECHAT_API_BASE)

# Sign-in throttling (django-axes, jindu/throttle.py): after this many failures on one account within the
# cool-off, or JINDU_SIGN_IN_ADDRESS_FAILURE_LIMIT from one client address, sign-in is refused until the cool-off
# has passed since the last failure, or an administrator unlocks it (管理后台 › 设置 › 登录锁定).
JINDU_SIGN_IN_COOLOFF_MINUTES = int(os.environ.get("JINDU_SIGN_IN_COOLOFF_MINUTES", "15"))
AXES_FAILURE_LIMIT = int(os.environ.get("JINDU_SIGN_IN_FAILURE_LIMIT", "5"))
JINDU_SIGN_IN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("JINDU_SIGN_IN_ADDRESS_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = timedelta(minutes=JINDU_SIGN_IN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "jindu.throttle.SignInThrottleHandler"
AXES_USERNAME_CALLABLE = "jindu.throttle.axes_username"
AXES_CLIENT_IP_CALLABLE = "jindu.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "jindu.throttle.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = False  # no django.contrib.admin here; the Wagtail admin has its own page
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password1", "password2", "otp_token"]

# Two-step sign-in (jindu/twofactor.py): the roles that must confirm a sign-in with an authenticator app's
# code. Roles: superuser, editor, office, bureau, school_admin, teacher, officer, student. The dev and test
# settings start with none; set JINDU_2FA_REQUIRED_ROLES (comma-separated) to change the list.
JINDU_2FA_REQUIRED_ROLES = env_list("JINDU_2FA_REQUIRED_ROLES", "superuser,editor,office,bureau,school_admin")
OTP_TOTP_ISSUER = "禁毒宣教平台"
# Staff sessions (everyone but students) end after this long without a request.
JINDU_STAFF_IDLE_SECONDS = int(os.environ.get("JINDU_STAFF_IDLE_MINUTES", "30")) * 60

# Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); the visitor's address is the right-most
# one not in this list (jindu/client_ip.py). Empty: REMOTE_ADDR is the visitor.
JINDU_TRUSTED_PROXIES = env_list("JINDU_TRUSTED_PROXIES")

# Outgoing mail is off until EMAIL_HOST is set (production.py reads the rest of the server's settings).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
# Inbox messages (jindu/notifications.py) are also e-mailed, when mail is on, for the kinds switched on here.
# JINDU_NOTIFY_EMAIL_KINDS (comma-separated kinds, or empty for none) replaces the choice.
JINDU_NOTIFY_EMAIL = {
    "report_sent_back": True,
    "report_approved": True,
    "report_submitted": True,
    "contest_open": False,  # students have no e-mail address here; the inbox tells them
    "job_finished": True,
    "job_failed": True,
    "tip_off": True,  # the message names the region only, never what the tip-off says
}
if "JINDU_NOTIFY_EMAIL_KINDS" in os.environ:
    _kinds = env_list("JINDU_NOTIFY_EMAIL_KINDS")
    JINDU_NOTIFY_EMAIL = {kind: kind in _kinds for kind in JINDU_NOTIFY_EMAIL}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- Per-app settings: each app's issue fills in its own section. ---

# media (video/audio library, materials, watch tracking)
WAGTAILMEDIA = {
    # Formats every phone browser (and WeChat's) plays; nothing that could run as a page.
    "VIDEO_EXTENSIONS": ["mp4", "m4v", "webm"],
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "aac", "ogg", "wav"],
    "MEDIA_FORM_BASE": "media.forms.MediaUploadForm",
}
JINDU_MEDIA_MAX_UPLOAD_SIZE = 500 * 1024 * 1024
JINDU_SUBTITLE_MAX_UPLOAD_SIZE = 512 * 1024
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Watch tracking (media/tracking.py): slack for network jitter, longest gap one heartbeat may claim.
JINDU_WATCH_TOLERANCE_SECONDS = 3
JINDU_WATCH_MAX_GAP_SECONDS = 60
JINDU_WATCH_THRESHOLD = 0.9
# Video renditions (media/transcoding.py): made by the worker after each video upload.
JINDU_TRANSCODE_VIDEOS = os.environ.get("JINDU_TRANSCODE_VIDEOS", "1") == "1"

# education (quizzes, courses) and schools (the portal's access log)
# Seconds after a quiz's time limit within which a submission still counts (slow phone networks).
EDUCATION_QUIZ_GRACE_SECONDS = 30
# Anonymous quiz starts and submissions per hour: per browser session, and per IP as a loose backstop.
EDUCATION_ANONYMOUS_ACTIONS_PER_SESSION = 30
EDUCATION_ANONYMOUS_ACTIONS_PER_IP = 1000
# Retention, enforced daily by `manage.py apply_retention`: access-log rows and anonymous quiz attempts older
# than this many days are deleted (expired sessions go too).
EDUCATION_ACCESS_LOG_RETENTION_DAYS = 180
EDUCATION_ANONYMOUS_ATTEMPT_RETENTION_DAYS = 365

# events (showings, calendars)

# campaigns (activity reports, roll-ups)
# More people than this per session needs the officer's confirmation.
CAMPAIGNS_MAX_PEOPLE_PER_SESSION = 1000
