from django import template
from django.utils import formats
from django.utils.html import format_html_join
from django.utils.numberformat import format as format_number

register = template.Library()


@register.filter
def figure(value):
    """A figure grouped by thousands as official Chinese statistics write it: 230,000 and 1,234.5.

    Django's zh-Hans formats group by ten thousands without a separator, which nobody reads in tables.
    """
    if value is None or value == "":
        return ""
    try:
        return format_number(
            value, formats.get_format("DECIMAL_SEPARATOR"), grouping=3, thousand_sep=",", force_grouping=True
        )
    except (TypeError, ValueError):
        return value


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, for figures keyed by metric."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def heat_cells(cells):
    """The (value, level) cells of one heat-table row in one pass: a city's table has thousands."""
    return format_html_join("", '<td class="heat-{}">{}</td>', ((level, figure(value)) for value, level in cells))
