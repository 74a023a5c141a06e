from django import template

from jindu.models.site_settings import MainMenu

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    menu = MainMenu.for_request(request)
    current = getattr(context.get("page"), "url_path", "")
    items = [
        {
            "title": item.title,
            "url": item.get_url(request),
            "active": _is_current(item, current),
        }
        for item in menu.get_items()
    ]
    return {"items": items}


def _is_current(item, current_path):
    """A menu link is current on its own page and below it; the home link only on home."""
    if not item.link_page or not current_path:
        return False
    own_path = item.link_page.url_path
    if item.link_page.depth <= 2:
        return current_path == own_path
    return current_path.startswith(own_path)


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """An absolute address, for Open Graph tags that WeChat reads."""
    return context["request"].build_absolute_uri(url)
