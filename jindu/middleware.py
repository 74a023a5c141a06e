import functools

import csp.constants
import csp.middleware
import csp.utils
from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChineseFirstLocaleMiddleware:
    """Serve zh-hans unless the visitor chose another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which would
    show English to anyone whose phone is set to English; our readers expect Chinese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "").lower()
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class SharedCacheHeadersMiddleware:
    """Lets nginx or a CDN keep the public pages anonymous readers get.

    Django adds ``Vary: Cookie`` to any response that read the session or the language cookie,
    which is every page, so a shared cache would keep one copy per visitor. A reader without a
    session cookie gets the same page as every other such reader with the same language and text
    size; those two cookies are the front cache's key (README, deploy/nginx.conf), and requests
    with a session cookie bypass it. Responses that set a cookie (a page with a form of its own)
    or are private keep their headers and stay out of shared caches.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and not response.cookies
            and response.has_header("Vary")
            and not _private(response)
        ):
            kept = [value.strip() for value in response["Vary"].split(",") if value.strip().lower() != "cookie"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response


def _private(response):
    cache_control = response.get("Cache-Control", "").lower()
    return "private" in cache_control or "no-store" in cache_control


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, with the site's policy built once rather than on every response.

    django-csp builds the header anew for each response (about 0.1 ms). A response whose view asked
    for no nonce and no policy of its own gets exactly the policy the settings describe, so that one
    is kept until the settings change. Every other response goes through django-csp unchanged.
    """

    def process_response(self, request, response):
        if getattr(request, "is_preview", False):
            allow_admin_frame(response)
        if settings.DEBUG or getattr(request, "_csp_nonce", None) is not None:
            return super().process_response(request, response)
        if any(hasattr(response, name) for name in _PER_RESPONSE_POLICY):
            return super().process_response(request, response)
        for header, setting, exempt in _POLICY_HEADERS:
            policy = _site_policy(setting)
            if not policy or header in response or getattr(response, exempt, False):
                continue
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(excluded)):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error, not a silent gap.
        request.csp_nonce = csp.middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response


_PER_RESPONSE_POLICY = tuple(
    f"_csp_{kind}{suffix}" for kind in ("config", "update", "replace") for suffix in ("", "_ro")
)
_POLICY_HEADERS = (
    (csp.constants.HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt"),
    (csp.constants.HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro"),
)


@functools.cache
def _site_policy(setting):
    return csp.utils.build_policy(report_only=setting.endswith("_REPORT_ONLY"))


@receiver(setting_changed)
def _forget_site_policy(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_policy.cache_clear()


def allow_admin_frame(response):
    """Let the admin's preview pane, on our own origin, show this response.

    Wagtail renders a preview by sending a made-up request for the page's public address through every
    middleware (``request.is_preview`` is set), so the public pages' ``frame-ancestors 'none'`` and
    ``X-Frame-Options: DENY`` would blank the pane. Previews alone may be framed, and only by this site.
    """
    response._csp_replace = {**getattr(response, "_csp_replace", {}), "frame-ancestors": ["'self'"]}
    response["X-Frame-Options"] = "SAMEORIGIN"


class RefuseNulBytesMiddleware:
    """A NUL byte in the address, the query or a posted form field is a 400.

    No person types one; PostgreSQL cannot store one in text and refuses the query with an error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            raise BadRequest("NUL byte in the address")
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES and _has_nul(request.POST):
            raise BadRequest("NUL byte in a form field")
        return self.get_response(request)


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(query_dict):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query_dict.lists())
