from django import template
from django.utils.translation import get_language

from jindu.models.site_settings import FooterSettings, MainMenu
from jindu.pagecache import remember

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    current = getattr(context.get("page"), "url_path", "")
    items = remember(f"main-menu:{request.get_host()}:{get_language()}", lambda: _menu_items(request))
    return {"items": [{**item, "active": _is_current(item, current)} for item in items]}


def _menu_items(request):
    return [
        {
            "title": str(item.title),
            "url": item.get_url(request),
            "page_path": item.link_page.url_path if item.link_page else "",
            "page_depth": item.link_page.depth if item.link_page else 0,
        }
        for item in MainMenu.for_request(request).get_items()
    ]


def _is_current(item, current_path):
    """A menu link is current on its own page and below it; the home link only on home."""
    own_path = item["page_path"]
    if not own_path or not current_path:
        return False
    if item["page_depth"] <= 2:
        return current_path == own_path
    return current_path.startswith(own_path)


@register.simple_tag(takes_context=True)
def footer_settings(context):
    request = context["request"]
    return remember(f"footer:{request.get_host()}", lambda: FooterSettings.for_request(request))


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """An absolute address, for Open Graph tags that WeChat reads."""
    return context["request"].build_absolute_uri(url)
