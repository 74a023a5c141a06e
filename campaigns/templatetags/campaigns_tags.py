from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, for figures keyed by metric."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def heat_cells(cells):
    """The (value, level) cells of one heat-table row in one pass: a city's table has thousands."""
    return format_html_join("", '<td class="heat-{}">{}</td>', ((level, value) for value, level in cells))
