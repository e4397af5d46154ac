"""Sparklines as small inline SVG drawn on the server: no script, no style attribute (the CSP forbids
inline styles), presentation attributes only, and a text alternative saying what the line shows."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lineofsight.reports.formatting import format_value as value_text
from lineofsight.reports.formatting import short_month as month_text

WIDTH, HEIGHT, PAD = 120, 28, 3


def sparkline_text(points: Sequence[tuple[str, float | None]], unit: str) -> str:
    """The text alternative: the span, the first and last figure, the lowest and the highest."""
    shown = [(e, v) for e, v in points if v is not None]
    if not shown:
        return "No trend to show."
    (first_end, first), (last_end, last) = shown[0], shown[-1]
    low, high = min(v for _, v in shown), max(v for _, v in shown)
    text = (f"Trend over {len(points)} months: {value_text(first, unit)} in {month_text(first_end)}, "
            f"{value_text(last, unit)} in {month_text(last_end)}; lowest {value_text(low, unit)}, "
            f"highest {value_text(high, unit)}.")
    if len(shown) < len(points):
        text += f" {len(points) - len(shown)} month(s) not shown."
    return text


def sparkline(points: Sequence[tuple[str, float | None]], unit: str) -> SafeString:
    """An inline SVG line of the points (gaps where a value is missing or suppressed)."""
    label = sparkline_text(points, unit)
    values = [v for _, v in points if v is not None]
    if len(values) < 2:
        return mark_safe(f'<span class="sparkline sparkline--empty">{escape(label)}</span>')
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)
    segments: list[list[str]] = [[]]
    last_xy = ""
    for i, (_, v) in enumerate(points):
        if v is None:
            if segments[-1]:
                segments.append([])
            continue
        x = PAD + i * step
        y = HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)
        last_xy = f'cx="{x:.1f}" cy="{y:.1f}"'
        segments[-1].append(f"{x:.1f},{y:.1f}")
    lines = "".join(
        f'<polyline points="{" ".join(seg)}" fill="none" stroke="#1d4f91" stroke-width="1.5"/>'
        for seg in segments if len(seg) > 1
    )
    return mark_safe(
        f'<svg class="sparkline" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(label)}" focusable="false"><title>{escape(label)}</title>'
        f'{lines}<circle {last_xy} r="2.5" fill="#0b0c0c"/></svg>'
    )


def bar(value: object, largest: float, label: str) -> SafeString:
    """A horizontal bar for a table row, as wide as the value is against the largest in the table.
    Decorative (the value is in the next cell), so hidden from assistive technology."""
    if not isinstance(value, int | float) or isinstance(value, bool) or largest <= 0:
        return mark_safe("")
    width = max(1.0, 100.0 * float(value) / largest)
    return mark_safe(
        f'<svg class="bar" width="100" height="12" viewBox="0 0 100 12" aria-hidden="true" focusable="false">'
        f'<title>{escape(label)}</title><rect x="0" y="1" width="{width:.1f}" height="10" fill="#1d70b8"/></svg>'
    )
