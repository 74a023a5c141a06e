from django import template

from schools.rates import percent

register = template.Library()


@register.filter
def rate(value):
    """A rate as a percentage with one decimal, or “—” when there is nothing to divide by."""
    if value is None:
        return "—"
    return f"{percent(value)}%"


@register.filter
def hours(value):
    """Class hours without a trailing .0."""
    if value is None:
        return "—"
    return f"{value:.1f}".removesuffix(".0")
