"""Computed series cached per snapshot, so that web pages read figures instead of computing them.

Snapshots never change, so a cached series never goes stale; the key also covers the measure's
SQL and the local standards in force, so a software update or a changed standard computes afresh.
Files are JSON under LINEOFSIGHT_HOME/cache/<snapshot_id>/measures/, written to a temporary file
and renamed into place, so concurrent readers only ever see complete files. Files read are also
kept in memory (a bounded LRU), so a page that needs one series three times reads it once; the
data returned is shared and must be treated as read-only.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from lineofsight import config

VERSION = "1"


def key(*parts: object) -> str:
    return hashlib.sha256(json.dumps([VERSION, *parts], sort_keys=True, default=str).encode()).hexdigest()[:20]


def folder(snapshot_id: str) -> Path:
    return config.home() / "cache" / snapshot_id / "measures"


def path_for(snapshot_id: str, name: str, digest: str) -> Path:
    return folder(snapshot_id) / f"{name}-{digest}.json"


def load(snapshot_id: str | None, name: str, digest: str) -> dict | None:
    if not snapshot_id:
        return None
    return _read(path_for(snapshot_id, name, digest))


@lru_cache(maxsize=512)
def _read_cached(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _read(path: Path) -> dict | None:
    if not path.exists():
        return None
    try:
        return _read_cached(path)
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def store(snapshot_id: str | None, name: str, digest: str, data: dict) -> None:
    if not snapshot_id:
        return
    target = path_for(snapshot_id, name, digest)
    # dumps, not dump: json.dump streams through the pure-Python encoder (1.2 s for a medium authority's
    # 51 team series, issue 14); dumps uses the C one and writes the same text.
    config.write_atomic(target, json.dumps(data, separators=(",", ":")).encode("utf-8"))
