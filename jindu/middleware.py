import csp.middleware
from django.conf import settings
from django.core.exceptions import BadRequest
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
    """django-csp's middleware, letting the admin's preview pane, on our own origin, show a page.

    Wagtail renders a preview by sending a made-up request for the page's public address through every
    middleware (``request.is_preview`` is set), so the public pages' ``frame-ancestors 'none'`` and
    ``X-Frame-Options: DENY`` would blank the pane. Previews alone may be framed, and only by this site.
    django-csp is extended where its documentation says to: ``get_policy_parts``.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if getattr(request, "is_preview", False):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts

    def process_response(self, request, response):
        if getattr(request, "is_preview", False):
            response["X-Frame-Options"] = "SAMEORIGIN"
        return super().process_response(request, response)


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
