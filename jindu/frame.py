"""What every page around its content shows: the site, its main menu and its footer, kept per content change."""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Site

from jindu.models.site_settings import FooterSettings, MainMenu
from jindu.pagecache import remember


def site_frame(request):
    """The request's site, menu and footer in one cache round trip.

    Left to itself, Wagtail looks the site up in the database on every request. The three are kept
    together in the page cache until the next content change (saving a site, a page, the menu or
    the footer starts one). While the cache is on, the site is kept with its root page in its own
    type, where Wagtail starts routing every page: `KeptSiteMiddleware` hands it to Wagtail first.
    """
    frame = getattr(request, "_jindu_frame", None)
    if frame is None:
        key = f"frame:{request.get_host()}:{request.get_port()}:{get_language()}"
        frame = request._jindu_frame = remember(key, lambda: _build_frame(request))
        if not hasattr(request, "_wagtail_site"):  # Wagtail's page view may have found it already
            request._wagtail_site = frame["site"]
    return frame


def _build_frame(request):
    site = Site.find_for_request(request)
    if site is not None and settings.JINDU_PAGE_CACHE_SECONDS:
        site.root_page = site.root_page.specific  # kept, so routing reads neither again
    return {
        "site": site,
        "menu": _menu_items(request, site) if site else [],
        "footer": FooterSettings.for_site(site) if site else None,
    }


def _menu_items(request, site):
    return [
        {
            "title": str(item.title),
            "url": item.get_url(request),
            "page_path": item.link_page.url_path if item.link_page else "",
            "page_depth": item.link_page.depth if item.link_page else 0,
        }
        for item in MainMenu.for_site(site).get_items()
    ]


class KeptSiteMiddleware:
    """Gives Wagtail's page view the kept site (and its root page) before it looks them up: three queries fewer.

    Only while the page cache is on: otherwise nothing is kept and the frame would be built for
    pages that never show it (a feed, a redirect). Placed after the page cache middleware, so a
    page served whole from the cache never asks for the frame.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if settings.JINDU_PAGE_CACHE_SECONDS and match is not None and match.view_name == "wagtail_serve":
            site_frame(request)
        return None
