"""Findings cached per snapshot: a snapshot never changes, so neither do its findings.

LINEOFSIGHT_HOME/cache/<snapshot_id>/quality-<rules fingerprint>.parquet holds the findings and a
.json beside it the reference date; both are written to a temporary name (unique per process and call, as web
threads may compute at once) and renamed, the .json last, so a reader that finds the .json finds a complete parquet. The fingerprint changes whenever a
rule's id, severity or SQL changes, so an upgraded rule set never reads stale findings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
from pathlib import Path

import duckdb

from lineofsight import config
from lineofsight.quality import engine
from lineofsight.quality.rules import ALL_RULES

ENGINE_VERSION = "1"


def fingerprint() -> str:
    """A short hash of the rule set and the engine's attribution SQL."""
    h = hashlib.sha256(ENGINE_VERSION.encode())
    for r in ALL_RULES:
        h.update(f"{r.id}|{r.severity}|{r.sql}".encode())
    h.update(engine.findings_sql((), dt.date(2000, 1, 1)).encode())
    return h.hexdigest()[:12]


def paths(snapshot_id: str) -> tuple[Path, Path]:
    folder = config.home() / "cache" / snapshot_id
    stem = f"quality-{fingerprint()}"
    return folder / f"{stem}.parquet", folder / f"{stem}.json"


def load(snapshot_id: str) -> tuple[Path, dt.date] | None:
    """(parquet path, as_at) of the cached findings, or None."""
    parquet, meta = paths(snapshot_id)
    if not meta.exists() or not parquet.exists():
        return None
    return parquet, dt.date.fromisoformat(json.loads(meta.read_text(encoding="utf-8"))["as_at"])


def store(con: duckdb.DuckDBPyConnection, snapshot_id: str, as_at: dt.date) -> Path:
    """Run every rule on `con` and cache the findings for `snapshot_id`."""
    parquet, meta = paths(snapshot_id)
    parquet.parent.mkdir(parents=True, exist_ok=True)
    tmp = parquet.with_name(f".{parquet.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    engine.quiet(con)
    sql = engine.findings_sql(ALL_RULES, as_at)
    path_literal = str(tmp).replace("'", "''")
    con.execute(f"COPY ({sql}) TO '{path_literal}' (FORMAT parquet)").fetchall()
    os.replace(tmp, parquet)
    tmp_meta = meta.with_name(f".{meta.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    tmp_meta.write_text(json.dumps({"snapshot": snapshot_id, "as_at": as_at.isoformat()}), encoding="utf-8")
    os.replace(tmp_meta, meta)
    return parquet


def json_path(snapshot_id: str, name: str) -> Path:
    """A cached JSON document (for example the team summary) of a snapshot, under the rules fingerprint."""
    return config.home() / "cache" / snapshot_id / f"{name}-{fingerprint()}.json"


def load_json(snapshot_id: str, name: str) -> object | None:
    path = json_path(snapshot_id, name)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def store_json(snapshot_id: str, name: str, value: object) -> None:
    path = json_path(snapshot_id, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    tmp.write_text(json.dumps(value), encoding="utf-8")
    os.replace(tmp, path)
