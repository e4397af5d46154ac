"""Template helpers for plan pages: a BRAG rating is always a word in a coloured box, never colour alone."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def rag(rating: str | None, advisory: bool = False) -> str:
    """<span class="rag rag--green">Green</span>; "Not rated" when blank."""
    word = rating or "Not rated"
    modifier = (rating or "none").lower()
    extra = " rag--advisory" if advisory else ""
    return format_html('<span class="rag rag--{}{}">{}</span>', modifier, extra, word)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def nonzero(value: int) -> str:
    """Counts in the glance table: blank rather than 0, so the figures that matter stand out."""
    return str(value) if value else ""
