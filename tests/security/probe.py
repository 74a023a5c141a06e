"""Walking the URL resolver and requesting a URL as one role: the machinery of the access matrix."""

import io
import re
from http.cookies import SimpleCookie

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_out
from django.test import Client, RequestFactory
from django.test.client import ClientHandler
from django.urls import URLPattern, URLResolver, get_resolver

from jindu.twofactor import TOUCHED_KEY

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


class RoleClient:
    """Requests as the matrix's roles through one handler, so the middleware is loaded once, not per request.

    Each request carries its role's session cookie and no other, as a fresh client's would: a cookie a response
    sets (a language, a message, a deleted session cookie) never reaches the next request. On the server, a request
    that signs out, replaces its session or writes to it leaves the role a new session for the requests after it.
    Every response says in `as_role` whether the request was answered as its role (signed in, or anonymous), so
    a lost session can never pass for a refusal.
    """

    def __init__(self, users, warm_up="/robots.txt"):
        self.users = users
        self.handler = ClientHandler(enforce_csrf_checks=False)
        self.factory = RequestFactory()
        self.signed_out = []
        user_logged_out.connect(self._note_sign_out)
        self.kept = {}
        self.module_sessions = {}
        for role, user in users.items():
            if user is not None:
                key = self.module_sessions[role] = sign_in(user)
                # What the session holds once the middleware has seen it (the staff's idle expiry included).
                self.kept[role] = held(self._send("get", warm_up, key).wsgi_request.session)
        self.sessions = dict(self.module_sessions)

    def close(self):
        user_logged_out.disconnect(self._note_sign_out)

    def restore(self):
        """Back to the sessions signed in for the module (a session made in a test is rolled back with it)."""
        self.sessions = dict(self.module_sessions)

    def get(self, role, url):
        return self._request(role, "get", url)

    def post(self, role, url, data):
        return self._request(role, "post", url, data)

    def _send(self, method, url, key, data=None):
        self.factory.cookies = SimpleCookie({settings.SESSION_COOKIE_NAME: key} if key else {})
        return self.handler(getattr(self.factory, method)(url, data).environ)

    def _request(self, role, method, url, data=None):
        key = self.sessions.get(role)
        self.signed_out.clear()
        response = self._send(method, url, key, data)
        session = getattr(response.wsgi_request, "session", None)
        if key is None:
            response.as_role = session is None or SESSION_KEY not in session
            return response
        if session is None:  # answered before the session middleware (a static file): as nobody
            response.as_role = False
            return response
        signed_out = any(who is not None and who.pk == self.users[role].pk for who in self.signed_out)
        response.as_role = signed_out or session.get(SESSION_KEY) == self.kept[role][SESSION_KEY]
        if signed_out or session.session_key != key or held(session) != self.kept[role]:
            self.sessions[role] = sign_in(self.users[role])
        return response

    def _note_sign_out(self, sender, request, user, **kwargs):
        self.signed_out.append(user)


def sign_in(user):
    """A new session of `user`'s; its key."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


# What a staff session's keep-alive (jindu.twofactor.keep_alive) rewrites now and then: its idle expiry started
# again. It shows on no page, so a request that only touched it leaves the role its session.
KEEP_ALIVE_KEYS = {TOUCHED_KEY, "_session_expiry"}


def held(session):
    """What a session holds for its pages: all but the keep-alive's bookkeeping."""
    return {key: value for key, value in session.items() if key not in KEEP_ALIVE_KEYS}


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
