"""/sitemap.xml, kept for each page-cache generation and split by section when the site is large.

A small site gets one sitemap, as Wagtail builds it. A site with more than SPLIT_AT pages gets a
sitemap index instead, with one sitemap for each section (each child of the home page that has
pages under it; the home page and the pages without children share the first), each cut into
parts of SECTION_LIMIT addresses. Every response is kept until the next content change
(`pagecache.remember`), so a crawler reading them costs no query until then.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site

from jindu.pagecache import remember
from jindu.public_address import absolute_url

SPLIT_AT = 1000
SECTION_LIMIT = 5000
HOME_SECTION = "home"
KEPT_HEADERS = ("X-Robots-Tag", "Last-Modified")


class SectionSitemap(Sitemap):
    """The live public pages of one section: some subtrees and some single pages."""

    limit = SECTION_LIMIT

    def __init__(self, request, subtrees, single_pages):
        super().__init__(request)
        self.subtrees = subtrees
        self.single_pages = single_pages

    def items(self):
        where = Q(pk__in=[page.pk for page in self.single_pages])
        for page in self.subtrees:
            where |= Q(path__startswith=page.path)
        return Page.objects.filter(where).live().public().order_by("path").defer_streamfields().specific()


def _site_root(request):
    site = Site.find_for_request(request) or Site.objects.select_related("root_page").get(is_default_site=True)
    return site.root_page


def sections(request):
    """{name: SectionSitemap} for the request's site, in the order of its menu."""
    root = _site_root(request)
    subtrees, single = {}, [root]
    for child in root.get_children().live().public().order_by("path"):
        if child.numchild and child.slug != HOME_SECTION:
            subtrees[child.slug] = [child]
        else:
            single.append(child)
    found = {HOME_SECTION: SectionSitemap(request, [], single)}
    found.update({name: SectionSitemap(request, pages, []) for name, pages in subtrees.items()})
    return found


def _kept(request, name, build):
    """The response `build` makes, kept for this host, address and part until content changes."""
    key = f"sitemap:{request.get_host()}:{name}:{request.GET.get('p', '')}"

    def render():
        response = build()
        if isinstance(response, TemplateResponse):
            response.render()
        headers = {header: response[header] for header in KEPT_HEADERS if header in response}
        return {"content": response.content, "content_type": response["Content-Type"], "headers": headers}

    entry = remember(key, render)
    response = HttpResponse(entry["content"], content_type=entry["content_type"])
    for header, value in entry["headers"].items():
        response[header] = value
    return response


def _index_or_whole(request):
    root = _site_root(request)
    if root.get_descendants(inclusive=True).live().public().count() <= SPLIT_AT:
        return sitemap_views.sitemap(request, {"wagtail": Sitemap(request)})
    entries = []
    for name, sitemap in sections(request).items():
        location = absolute_url(reverse("sitemap_section", args=[name]), request)
        entries.append({"location": location})
        entries.extend({"location": f"{location}?p={part}"} for part in range(2, sitemap.paginator.num_pages + 1))
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


@require_GET
def sitemap(request):
    """The whole sitemap of a small site, or the index of its section sitemaps."""
    return _kept(request, "index", lambda: _index_or_whole(request))


@require_GET
def section_sitemap(request, section):
    """One section's sitemap (?p= for its later parts)."""

    def build():
        found = sections(request)
        if section not in found:
            raise Http404("No such sitemap section")
        return sitemap_views.sitemap(request, {section: found[section]}, section=section)

    return _kept(request, f"section:{section}", build)
