from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from jindu import wechat
from jindu.context_processors import LARGE_TEXT_COOKIE
from jindu.models.pages import paginate
from jindu.public_address import absolute_url, root_url

SEARCH_RESULTS_PER_PAGE = 10
ONE_YEAR = 60 * 60 * 24 * 365


def bad_request(request, exception=None):
    """The 400 page, in the site's frame like the 404 page."""
    return render(request, "400.html", status=400)


def search(request):
    """Public search over live pages, with Chinese words found inside sentences."""
    query = request.GET.get("q", "").strip()
    max_length = settings.JINDU_SEARCH_MAX_QUERY_LENGTH
    message = ""
    results = None
    if not query:
        message = _("Type a word to search for, e.g. 冰毒 or 禁毒法.")
    elif len(query) > max_length:
        message = _("Your search is too long. Use at most %(count)d characters.") % {"count": max_length}
    else:
        pages = Page.objects.live().public().specific().search(query)
        results = paginate(request, pages, SEARCH_RESULTS_PER_PAGE)
        if not results.paginator.count:
            message = _("Nothing was found for “%(query)s”. Try a shorter or different word.") % {"query": query}
    return render(
        request,
        "jindu/search.html",
        {
            "search_query": query,
            "results": results,
            "message": message,
            "query_prefix": urlencode({"q": query}) + "&",
        },
    )


def _safe_next(request):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


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
