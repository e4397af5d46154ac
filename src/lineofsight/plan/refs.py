"""Plan references: areas are "1", "2" ...; actions are "1.1", "2.10" ...; sub-items are letters."""

from __future__ import annotations

import re

AREA_REF = re.compile(r"^\d+$")
ACTION_REF = re.compile(r"^\d+(\.\d+)+$")
# Where the plan's own area column groups the actions, refs need not name the area: plain "4" or "14.1a".
ANY_ACTION_REF = re.compile(r"^\d+(\.\d+)*[a-z]?$")
SUB_ITEM_LETTER = re.compile(r"^[a-z]$")


def ref_key(ref: str) -> tuple[int, ...]:
    """Sort key so that 1.2 < 1.10 < 2.1 (text order would put 1.10 first)."""
    return tuple(int(p) for p in re.findall(r"\d+", ref)) or (10**9,)


def area_of(action_ref: str) -> str:
    """The area ref an action ref belongs to: "2.10" -> "2"."""
    return action_ref.split(".", 1)[0]
