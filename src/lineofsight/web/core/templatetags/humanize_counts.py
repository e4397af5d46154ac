"""Number formatting for tables: thousands separators without enabling django.contrib.humanize."""

from django import template

register = template.Library()


@register.filter
def thousands(value: object) -> str:
    """12345 -> "12,345"; anything that is not a number is shown as it is."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)
