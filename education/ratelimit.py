"""Limits on anonymous quiz taking, per browser session first and per IP only as a loose backstop.

The IP is the visitor's own (`jindu.client_ip`), not that of nginx in front of us.

A whole village may share one IP address, so the IP limit is generous; the session limit is what
slows down a person or a script that keeps its cookies.
"""

import time

from django.conf import settings
from django.core.cache import cache

from jindu.client_ip import client_ip

SESSION_KEY = "education_quiz_actions"
WINDOW_SECONDS = 3600


def _limits():
    return (
        getattr(settings, "EDUCATION_ANONYMOUS_ACTIONS_PER_SESSION", 30),
        getattr(settings, "EDUCATION_ANONYMOUS_ACTIONS_PER_IP", 1000),
    )


def allow_anonymous_action(request):
    """Record one start or submission by an anonymous taker; False when over a limit."""
    if request.user.is_authenticated:
        return True
    per_session, per_ip = _limits()
    now = time.time()
    recent = [moment for moment in request.session.get(SESSION_KEY, []) if now - moment < WINDOW_SECONDS]
    if len(recent) >= per_session:
        return False
    if not _allow_for_address(request, per_ip, now):
        return False
    recent.append(now)
    request.session[SESSION_KEY] = recent
    return True


def _allow_for_address(request, per_ip, now):
    ip_key = f"education:quiz-ip:{client_ip(request)}:{int(now // WINDOW_SECONDS)}"
    cache.add(ip_key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(ip_key)
    except ValueError:
        count = 1
    return count <= per_ip


def allow_api_action(request):
    """Record one start or submission through the API: it keeps no session, so the address limit (one
    counter with the site's pages) is the limit; each attempt token still takes one submission only."""
    return _allow_for_address(request, _limits()[1], time.time())
