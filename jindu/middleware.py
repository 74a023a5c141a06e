import functools

import csp.constants
import csp.middleware
import csp.utils
from django.conf import settings
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
