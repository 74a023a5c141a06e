"""Whole public pages kept in the cache for anonymous readers.

Most readers arrive anonymous, from a QR code on a poster or a WeChat share, and read the same
few pages. A page type opts in with `CachedPageMixin`; its rendered page is kept under a key of
host, path, the query parameters the page reads, language and large-text mode. Every content change (a page published or
moved, a menu, footer, image, showing or tag saved) starts a new cache generation, so a reader
never sees a page older than the last change; `JINDU_PAGE_CACHE_SECONDS` only bounds how long an
unchanged page is kept. Signed-in readers (students, staff, editors) never touch it.

Each release (settings.JINDU_RELEASE) has generations of its own, so a deploy whose templates or
code render pages differently starts afresh. Which models' saves start a generation is written out
model by model in CACHE_ROLES; a test fails when a model has no role, so a model saved all day long
cannot empty the cache unnoticed.

CSRF tokens are not stored: each one in the page is replaced by a placeholder when it is kept,
and by a token of the reader's own when it is served, so the forms on a cached page still work.
"""

import functools
import hashlib
import re
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, get_page_models

from jindu.context_processors import LARGE_TEXT_COOKIE

CSRF_PLACEHOLDER = b"\x00jindu-csrf\x00"
# Django's masked tokens are 64 letters and digits; a form field and the media player carry them.
CSRF_IN_PAGE = re.compile(rb'(?:name="csrfmiddlewaretoken" value="|data-csrf-token=")([A-Za-z0-9]{64})"')
MESSAGES_COOKIE = "messages"
# Added by WeChat and campaign links; no page reads them, so they do not make a page of their own.
TRACKING_PARAMS = {"from", "isappinstalled", "scene", "share_from", "utm_source", "utm_medium", "utm_campaign"}

# What saving (or deleting) a model's rows does to the cache. Page types are content whatever their app
# (menus link to them); every other installed model is named here, auto-created many-to-many tables too.
CONTENT = "content"  # appears on cached pages: a save starts a new generation
IGNORED = "ignored"  # appears on no cached page, or only as part of content whose own save starts one
CACHE_ROLES = {
    CONTENT: {
        "jindu.articlepagetag",
        "jindu.footersettings",
        "jindu.mainmenu",
        "jindu.mainmenuitem",
        "jindu.region",
        "events.artform",
        "jindu.dialect",
        "jindu.campaign",
        "jindu.campaigntheme",
        "jindu.materialkind",
        "events.eventpage_art_forms",
        "events.eventpage_dialects",
        "events.eventpagetag",
        "events.showing",
        "events.troupe",
        "media.publicitymaterial",
        "media.subtitletrack",
        "media.videopagerelatedarticle",
        "media.videopagetag",
        "taggit.tag",
        "taggit.taggeditem",
        "wagtailcore.locale",
        "wagtailcore.pageviewrestriction",
        "wagtailcore.site",
        "wagtaildocs.document",
        "wagtailembeds.embed",
        "wagtailimages.image",
        "wagtailmedia.media",
    },
    IGNORED: {
        # People, sign-ins and their permissions: signed-in readers never use the cache.
        "jindu.user",
        "jindu.user_groups",
        "jindu.user_user_permissions",
        "auth.group",
        "auth.group_permissions",
        "auth.permission",
        "sessions.session",
        "axes.accessattempt",
        "axes.accessattemptexpiration",
        "axes.accessfailurelog",
        "axes.accesslog",
        "otp_static.staticdevice",
        "otp_static.statictoken",
        "otp_totp.totpdevice",
        "wagtailusers.userprofile",
        # Learning and schools: quiz, course and portal pages are rendered for their reader.
        "education.attempt",
        "education.certificate",
        "education.drawrule",
        "education.lessonprogress",
        "schools.portalaccess",
        "education.question",
        "education.questionoption",
        "education.questiontag",
        "education.quizquestion",
        "education.result",
        "schools.school",
        "schools.schoolclass",
        "schools.schoolclass_teachers",
        "schools.schoolstaff",
        "schools.student",
        # The office's numbers: staff tools and the admin only.
        "campaigns.activityreport",
        "campaigns.activityreportlogentry",
        "campaigns.activitytype",
        "campaigns.bulletinsettings",
        "campaigns.materialsummary",
        "campaigns.monthlysummary",
        "campaigns.officereviewtask",
        "campaigns.officereviewtask_groups",
        "campaigns.pendingphoto",
        "campaigns.regionassignment",
        "campaigns.reportmaterial",
        "campaigns.reportphoto",
        "campaigns.target",
        # Inbox messages, background jobs and the task worker's own rows.
        "jindu.notification",
        "jindu.job",
        "django_tasks_database.dbtaskresult",
        # Tip-offs reach the office only (the tip-off page itself is a page).
        "campaigns.tipoff",
        "campaigns.tipoffformfield",
        # Transcoding progress, written every second while the worker encodes.
        "media.videorendition",
        "media.videotranscode",
        # Counters written while people read and watch.
        "media.materialdownloadday",
        "media.watchprogress",
        # Made while a page renders, from an image whose own save starts a generation.
        "wagtailimages.rendition",
        # Wagtail's editing, workflow, history, search and permission tables: a page is content when it is published.
        "contenttypes.contenttype",
        "wagtailadmin.admin",
        "wagtailadmin.editingsession",
        "wagtailadmin.formstate",
        "wagtailcore.apitoken",
        "wagtailcore.collection",
        "wagtailcore.collectionviewrestriction",
        "wagtailcore.collectionviewrestriction_groups",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
        "wagtailcore.groupapprovaltask",
        "wagtailcore.groupapprovaltask_groups",
        "wagtailcore.groupcollectionpermission",
        "wagtailcore.grouppagepermission",
        "wagtailcore.groupsitepermission",
        "wagtailcore.modellogentry",
        "wagtailcore.pagelogentry",
        "wagtailcore.pagesubscription",
        "wagtailcore.pageviewrestriction_groups",
        "wagtailcore.referenceindex",
        "wagtailcore.revision",
        "wagtailcore.task",
        "wagtailcore.taskstate",
        "wagtailcore.uploadedfile",
        "wagtailcore.workflow",
        "wagtailcore.workflowcontenttype",
        "wagtailcore.workflowpage",
        "wagtailcore.workflowstate",
        "wagtailcore.workflowtask",
        "wagtailforms.formsubmission",
        "wagtailredirects.redirect",
        "wagtailsearch.indexentry",
        "wagtailsearch.sqliteftsindexentry",  # installed on SQLite only
    },
}
_ROLE_OF = {label: role for role, labels in CACHE_ROLES.items() for label in labels}


def cache_role(model):
    """CONTENT or IGNORED; None for a model not yet given a role (a save then counts as content)."""
    if issubclass(model, Page):
        return CONTENT
    return _ROLE_OF.get(model._meta.label_lower)


class CachedPageMixin:
    """A page type whose anonymous views may be served from the page cache.

    `page_cache_params` names the query parameters the page reads; an address with any other is
    rendered for its reader and not kept, so made-up query strings cannot fill the cache.
    """

    page_cache_params = ("page",)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        response.page_cache_allowed = set(request.GET) <= set(self.page_cache_params) | TRACKING_PARAMS
        return response


def keep_until(response, moment):
    """A page that changes by itself at `moment` (a show ends, a new day starts) is kept no longer than that.

    `moment` is a function, called only if the page is about to be kept.
    """
    response.page_cache_until = moment
    return response


def _seconds_to_keep(response):
    seconds = settings.JINDU_PAGE_CACHE_SECONDS
    moment = getattr(response, "page_cache_until", None)
    until = moment() if moment is not None else None
    if until is not None:
        seconds = min(seconds, int((until - timezone.now()).total_seconds()))
    return seconds


def remember(key, build, *, seconds=None, until_release=False):
    """A value kept in the cache under `key`, made by `build()` when it is not there.

    By default the value is one only content changes can change (a menu, the footer, a filter list):
    it is kept until the next change or release, at most JINDU_PAGE_CACHE_SECONDS; with the page cache
    off nothing tells the cache of changes, so it is built every time. With `until_release` the key
    must name everything the value is made of (a fingerprint, a row's columns): it is kept for
    `seconds` whether or not the page cache is on, and a release starts afresh, as the code that made
    it may make it differently now.
    """
    return remember_many([key], lambda keys: {key: build()}, seconds=seconds, until_release=until_release)[key]


def remember_many(keys, build, *, seconds=None, until_release=False):
    """`remember` for many keys in one cache round trip: `build(missing_keys)` returns {key: value}."""
    if until_release:
        if not seconds:
            raise ValueError("a value kept until the next release needs a number of seconds to keep it")
        prefix, generation = f"jindu:pagecache:{settings.JINDU_RELEASE}:value:", settings.JINDU_RELEASE
        found = cache.get_many([prefix + key for key in keys])
    else:
        seconds = seconds or settings.JINDU_PAGE_CACHE_SECONDS
        if not settings.JINDU_PAGE_CACHE_SECONDS:
            return build(list(keys))
        prefix = "jindu:pagecache:value:"
        generation, found = _found_with_generation([prefix + key for key in keys])
    kept = {key: entry[1] for key in keys if (entry := found.get(prefix + key)) is not None and entry[0] == generation}
    missing = [key for key in keys if key not in kept]
    if missing:
        made = build(missing)
        cache.set_many({prefix + key: (generation, value) for key, value in made.items()}, seconds)
        kept.update(made)
    return kept


def _generation_key():
    return f"jindu:pagecache:generation:{settings.JINDU_RELEASE}"


def _found_with_generation(keys):
    """This release's current generation, and whatever the cache holds under `keys`, in one round trip."""
    generation_key = _generation_key()
    found = cache.get_many([*keys, generation_key])
    return found.pop(generation_key, None) or new_generation(), found


def _kept(key):
    """The current generation, and what is kept under `key` if it was kept in this generation (else None)."""
    generation, found = _found_with_generation([key])
    kept = found.get(key)
    return generation, kept[1] if kept is not None and kept[0] == generation else None


def new_generation():
    """Start a new generation: every page kept so far is stale."""
    generation = uuid.uuid4().hex
    cache.set(_generation_key(), generation, None)
    return generation


def content_changed(sender, **kwargs):
    if kwargs.get("raw") or not settings.JINDU_PAGE_CACHE_SECONDS:
        return
    # Site settings are created empty the first time a page asks for them; that changes no page.
    if kwargs.get("created") and issubclass(sender, BaseSiteSetting):
        return
    if cache_role(sender) != IGNORED:
        new_generation()
        forget_addresses_never_kept()


def _eligible(request):
    """GET by a reader who is not signed in and has no message waiting.

    An anonymous session (a public quiz taken, say) does not count: the pages that opt in look the
    same to everybody who is not signed in.
    """
    if request.method not in ("GET", "HEAD") or MESSAGES_COOKIE in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not request.user.is_authenticated and "_messages" not in request.session


def _key(request):
    query = sorted((name, value) for name, value in request.GET.items() if name not in TRACKING_PARAMS)
    variant = "|".join(
        [
            request.get_host(),
            request.path,
            repr(query),
            translation.get_language() or "",
            "large" if request.COOKIES.get(LARGE_TEXT_COOKIE) == "1" else "standard",
        ]
    )
    return "jindu:pagecache:" + hashlib.sha256(variant.encode()).hexdigest()


def _storable(request, response):
    if not getattr(response, "page_cache_allowed", False) or request.method != "GET":
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control and not request.user.is_authenticated


def _without_tokens(content):
    return CSRF_IN_PAGE.sub(lambda match: match.group(0).replace(match.group(1), CSRF_PLACEHOLDER), content)


def _replay(request, entry):
    content = entry["content"]
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content, content_type=entry["content_type"])
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Serves kept pages to anonymous readers and keeps the pages that allow it.

    The cache is asked only for requests that could be answered from it: an anonymous GET for a
    Wagtail page, with no query parameter that no cached page type reads, at an address not known
    to serve a page type that never opts in. The lookup happens once the address is resolved, so
    search, quizzes, feeds, the API and the staff tools never wait on the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        lookup = getattr(request, "_page_cache_lookup", None)
        if lookup is None or getattr(response, "_page_cache_hit", False):
            return response
        key, generation = lookup
        if _storable(request, response) and (keep := _seconds_to_keep(response)) > 0:
            entry = {"content": _without_tokens(response.content), "content_type": response["Content-Type"]}
            cache.set(key, (generation, entry), keep)
            response["X-Page-Cache"] = "miss"
        elif response.status_code == 200 and not hasattr(response, "page_cache_allowed"):
            _never_kept.learn(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _worth_a_lookup(request, view_func) or not _eligible(request):
            return None
        key = _key(request)
        generation, entry = _kept(key)
        if entry is not None:
            response = _replay(request, entry)
            response._page_cache_hit = True
            return response
        request._page_cache_lookup = (key, generation)
        return None


def _worth_a_lookup(request, view_func):
    """Whether the cache could hold this request's page, decided without asking the cache or the database."""
    if not settings.JINDU_PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    if request.resolver_match is None or request.resolver_match.view_name != "wagtail_serve":
        return False
    if not set(request.GET).issubset(_params_any_page_reads()):
        return False
    return not _never_kept.knows(request)


@functools.cache
def _params_any_page_reads():
    params = set(TRACKING_PARAMS)
    for model in get_page_models():
        if issubclass(model, CachedPageMixin):
            params.update(model.page_cache_params)
    return frozenset(params)


class _AddressesNeverKept:
    """Addresses that lately served a page type which does not opt in (a quiz, a lesson), in this process.

    Remembered for as long as a page is kept, so a page moved or replaced at the address is
    cached again at the latest that much later; bounded, so made-up addresses cannot grow it.
    """

    size = 4096

    def __init__(self):
        self._seen = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _address(request):
        return request.get_host(), request.path

    def learn(self, request):
        with self._lock:
            self._seen[self._address(request)] = time.monotonic() + settings.JINDU_PAGE_CACHE_SECONDS
            self._seen.move_to_end(self._address(request))
            while len(self._seen) > self.size:
                self._seen.popitem(last=False)

    def knows(self, request):
        until = self._seen.get(self._address(request))
        return until is not None and until > time.monotonic()

    def forget(self):
        with self._lock:
            self._seen.clear()


_never_kept = _AddressesNeverKept()


def forget_addresses_never_kept():
    """Look every address up again (the tests start each case from an empty cache)."""
    _never_kept.forget()
