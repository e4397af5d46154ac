"""Template helpers: a status (RAG, SPC variation, assurance) is always a symbol AND a word, never colour alone."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def status(badge: dict, kind: str) -> str:
    """<span class="status-badge status-badge--rag-red"><span aria-hidden="true">✗</span> Red<span class="visually-hidden">: below the threshold</span></span>"""
    return format_html(
        '<span class="status-badge status-badge--{}-{}"><span class="status-badge__symbol" aria-hidden="true">{}</span> '
        '{}<span class="visually-hidden">: {}</span></span>',
        kind, str(badge["key"]).replace("_", "-"), badge["symbol"], badge["word"], badge["meaning"],
    )


@register.simple_tag
def change(direction: dict | None) -> str:
    """▲ up 2.1 points, better — or "not comparable"."""
    if not direction:
        return mark_safe('<span class="hint">not comparable</span>')
    return format_html('<span class="change change--{}"><span aria-hidden="true">{}</span> {}</span>',
                       direction["judgement"], direction["arrow"], direction["text"])
