"""Walking the URL resolver and requesting a URL as one role: the machinery of the access matrix."""

import io
import re

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _walk(patterns, namespace=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            for name, route, leaf in _walk(pattern.url_patterns, inner):
                yield name, str(pattern.pattern) + route, leaf
        elif isinstance(pattern, URLPattern):
            yield (":".join((*namespace, pattern.name)) if pattern.name else None), str(pattern.pattern), pattern


def url_patterns():
    """Every pattern the site registers, as (name, route, pattern); unnamed patterns are named by their route."""
    return [(name or route, route, leaf) for name, route, leaf in _walk(get_resolver().url_patterns)]


def body_text(response):
    """The text a person could read in the response; spreadsheets are opened and their cells read."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    content_type = response.get("Content-Type", "")
    if content_type.startswith(SPREADSHEET):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    if content_type.startswith(("text/", "application/json", "application/javascript", "image/svg")):
        return content.decode(response.charset or "utf-8", errors="replace")
    return ""


def client_for(session_key):
    """A fresh client on a session made once per role, so a view that signs out cannot leak into the next request."""
    client = Client(raise_request_exception=False)
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


LOGIN_PATHS = re.compile(r"^/(sign-in/|admin/login/|admin/$)")


def refused(response):
    """A refusal: not found, forbidden, method not allowed, or a redirect to a sign-in or the admin's home.

    401 is the API's refusal of a request without a bearer token (education/api_students.py).
    """
    if response.status_code in (401, 403, 404, 405):
        return True
    if response.status_code == 302:
        return bool(LOGIN_PATHS.match(response["Location"].split("?")[0].replace("http://testserver", "")))
    return False
