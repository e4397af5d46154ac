"""Computed series cached per snapshot, so that web pages read figures instead of computing them.

Snapshots never change, so a cached series never goes stale; the key also covers the measure's
SQL and the local standards in force, so a software update or a changed standard computes afresh.
Files are JSON under LINEOFSIGHT_HOME/cache/<snapshot_id>/measures/, written to a temporary file
and renamed into place, so concurrent readers only ever see complete files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
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
    try:
        return json.loads(path_for(snapshot_id, name, digest).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def store(snapshot_id: str | None, name: str, digest: str, data: dict) -> None:
    if not snapshot_id:
        return
    target = path_for(snapshot_id, name, digest)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, separators=(",", ":"))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
