"""The audit log's hash chain: each entry stores the hash of the entry before it and its own hash over
its content and that previous hash, so rewriting, removing or inserting an entry anywhere but at the
end breaks the chain from there on (`lineofsight audit verify` finds where).

Plain functions over plain values, so the migration that fills in the chain for older entries uses
the same code as the app.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of the first entry
FIELDS = ("at", "user_id", "username", "roles", "action", "what", "path", "snapshot_id", "parameters",
          "child_count", "child_ids")


def _value(name: str, value: Any) -> Any:
    if name == "at":
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if name in ("parameters", "child_ids"):
        return json.loads(json.dumps(value))  # as the JSON column gives it back
    return value


def entry_hash(fields: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 over the entry's content (canonical JSON) and the previous entry's hash."""
    content = {name: _value(name, fields[name]) for name in FIELDS}
    text = json.dumps([prev_hash, content], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def first_break(entries: Iterable[Mapping[str, Any]]) -> tuple[int, str | None]:
    """Walk entries in id order: (how many were checked, None) if the chain holds, else (count so far,
    a sentence naming the first entry that does not fit)."""
    prev, n = GENESIS, 0
    for e in entries:
        if e["prev_hash"] != prev:
            return n, f"entry {e['id']} does not follow the entry before it (one was changed, removed or inserted)"
        if e["entry_hash"] != entry_hash(e, prev):
            return n, f"entry {e['id']} was changed after it was written"
        prev, n = e["entry_hash"], n + 1
    return n, None
