"""RAG rating against threshold and target, and direction of travel, both respecting polarity."""

from __future__ import annotations


def meets(value: float, level: float, polarity: str) -> bool:
    return value >= level if polarity == "higher_is_better" else value <= level


def rag(value: float | None, threshold: float | None, target: float | None, polarity: str) -> str | None:
    """green: meets the target; amber: meets the threshold (the minimum expectation); red: below it.

    None when there is no value, the measure is neutral, or neither level is set. When only one level
    is set it serves as both (green or red).
    """
    if value is None or polarity == "neutral" or (threshold is None and target is None):
        return None
    target = target if target is not None else threshold
    threshold = threshold if threshold is not None else target
    assert target is not None and threshold is not None
    if meets(value, target, polarity):
        return "green"
    if meets(value, threshold, polarity):
        return "amber"
    return "red"


def direction(current: float | None, previous: float | None, polarity: str) -> dict | None:
    """The change from `previous`: its size, up/down/same, and better/worse/same (None if neutral)."""
    if current is None or previous is None:
        return None
    change = current - previous
    moved = "up" if change > 0 else "down" if change < 0 else "same"
    if moved == "same":
        judgement: str | None = "same"
    elif polarity == "neutral":
        judgement = None
    else:
        judgement = "better" if (change > 0) == (polarity == "higher_is_better") else "worse"
    return {"previous": previous, "change": change, "direction": moved, "judgement": judgement}
