"""Django's per-language formats, adjusted (``<language>/formats.py``), and the one format Django has no name for."""

from django.utils.formats import date_format
from django.utils.translation import get_language

# A month on its own, as a chart axis writes it: 4月 in Chinese, Apr in English (Django's "M" gives 四月).
SHORT_MONTH_FORMATS = {"zh-hans": "n月"}


def short_month(value):
    return date_format(value, SHORT_MONTH_FORMATS.get(get_language(), "M"))
