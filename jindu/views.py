from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from jindu import wechat
from jindu.context_processors import LARGE_TEXT_COOKIE
from jindu.numbers import parse_int
from jindu.public_address import absolute_url, root_url

SEARCH_RESULTS_PER_PAGE = 10
# Deep pages only make the database skip more matches; nobody reads page 1,000 of a search.
SEARCH_MAX_PAGE = 1000
ONE_YEAR = 60 * 60 * 24 * 365


def bad_request(request, exception=None):
    """The 400 page, in the site's frame like the 404 page."""
    return render(request, "400.html", status=400)


def search(request):
    """Public search over live pages, with Chinese words found inside sentences.

    A page of results is one query: it asks for one result more than it shows, and that one
    says whether there is a next page. Counting every match would read them all again.
    """
    query = request.GET.get("q", "").strip()
    max_length = settings.JINDU_SEARCH_MAX_QUERY_LENGTH
    message = ""
    results = None
    number = parse_int(request.GET.get("page", "1"), 1, SEARCH_MAX_PAGE) or 1
    has_next = False
    if not query:
        message = _("Type a word to search for, e.g. 冰毒 or 禁毒法.")
    elif len(query) > max_length:
        message = _("Your search is too long. Use at most %(count)d characters.") % {"count": max_length}
    else:
        start = (number - 1) * SEARCH_RESULTS_PER_PAGE
        # The list shows titles and summaries; a body is the biggest value a page has.
        pages = Page.objects.live().public().specific().defer_streamfields().search(query)
        results = list(pages[start : start + SEARCH_RESULTS_PER_PAGE + 1])
        has_next = len(results) > SEARCH_RESULTS_PER_PAGE
        results = results[:SEARCH_RESULTS_PER_PAGE]
        if not results and number > 1:
            message = _("There are no more results for “%(query)s”.") % {"query": query}
        elif not results:
            message = _("Nothing was found for “%(query)s”. Try a shorter or different word.") % {"query": query}
    return render(
        request,
        "jindu/search.html",
        {
            "search_query": query,
            "results": results,
            "page_number": number,
            "results_start": (number - 1) * SEARCH_RESULTS_PER_PAGE + 1,
            "previous_page_number": number - 1 if number > 1 else None,
            "next_page_number": number + 1 if has_next else None,
            "message": message,
            "query_prefix": urlencode({"q": query}) + "&",
        },
    )


def _safe_next(request):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


# The display switches set nothing but a preference cookie, so a forged one can only change how the site
# looks; without a CSRF token in their forms, public pages set no cookie and shared caches can keep them.
set_language = csrf_exempt(i18n.set_language)


@csrf_exempt
@require_POST
def toggle_large_text(request):
    """Turn large-text mode on or off and go back to the page the reader was on."""
    response = HttpResponseRedirect(_safe_next(request))
    if request.POST.get("large_text") == "1":
        response.set_cookie(LARGE_TEXT_COOKIE, "1", max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure())
    else:
        response.delete_cookie(LARGE_TEXT_COOKIE, samesite="Lax")
    return response


# Staff tools and personal pages are no use in a search engine; everything else may be crawled.
ROBOTS_DISALLOW = ["/admin/", "/school/", "/reports/", "/sign-in/", "/search/"]


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap'), request)}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(private=True, no_store=True)
def wechat_share_config(request):
    """wx.config() for the page at ?url=…, only for addresses on this site and only when sharing is on."""
    if not wechat.enabled():
        raise Http404
    url = request.GET.get("url", "")
    site = urlsplit(root_url(request))
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return JsonResponse({"error": _("Only pages of this site can be shared.")}, status=400)
    try:
        config = wechat.client().share_config(url)
    except wechat.WeChatError:
        wechat.logger.exception("WeChat JS-SDK ticket")
        return JsonResponse({"error": _("WeChat cannot be reached just now; copy the link instead.")}, status=503)
    return JsonResponse(config)
