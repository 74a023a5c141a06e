"""The site's one public address, for every link that leaves the screen.

QR codes on posters, ``og:url``, the sitemap, calendar feeds, the API's ``html_url`` and links in e-mails are read
on another device, so they must name the address people reach the site at, not the host a request happened to
use. That address is the default Wagtail Site's scheme, hostname and port (Settings → Sites): in production
``migrate`` fills it from ``WAGTAILADMIN_BASE_URL`` (``JINDU_SITE_FROM_BASE_URL``), and ``load_demo`` sets the
local one to http://127.0.0.1:8000.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def public_site(request=None):
    """The Site a request is for, or the default Site."""
    site = Site.find_for_request(request) if request is not None else None
    return site or Site.objects.filter(is_default_site=True).first()


def root_url(request=None):
    """The public address without a trailing slash, e.g. ``https://jindu.example.cn``."""
    site = public_site(request)
    if site is None:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return site.root_url


def absolute_url(path, request=None):
    """``path`` (e.g. from ``reverse()``) at the public address; an address that is already absolute is kept."""
    return urljoin(root_url(request) + "/", path)


def page_url(page, request=None):
    """A page's full public address (Wagtail builds it from the page's own Site)."""
    return page.get_full_url(request)


def site_address(url):
    """The Site ``hostname`` and ``port`` for a public address such as ``https://jindu.example.cn``."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(f"{url!r} is not an http:// or https:// address.")
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    # Wagtail's Site knows https only on port 443 and http on every other port.
    if parts.scheme == "https" and port != 443:
        raise ImproperlyConfigured(f"{url!r}: an https address must use port 443 for Wagtail's Site.")
    return parts.hostname, port


def set_public_address(url, site=None):
    """Point the default Site (or ``site``) at ``url``; returns the Site, saved only if it changed."""
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    hostname, port = site_address(url)
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    return site


def site_from_base_url(**kwargs):
    """post_migrate: in production the default Site follows ``WAGTAILADMIN_BASE_URL``."""
    if getattr(settings, "JINDU_SITE_FROM_BASE_URL", False):
        set_public_address(settings.WAGTAILADMIN_BASE_URL)
