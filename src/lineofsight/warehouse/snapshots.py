"""Immutable snapshots: one DuckDB file per load under LINEOFSIGHT_HOME/snapshots, and a pointer.

A snapshot is never changed after it is written, so every figure can be traced to the exact data
it came from. The file `current` names the snapshot in use; it only ever changes by an atomic
rename, after the new snapshot file is complete and on disk (see warehouse.writer). Files whose
names are not snapshot ids (temporary files of a load that was interrupted) are never listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from lineofsight import config
from lineofsight.schema.authority import Authority, parse_authority
from lineofsight.schema.d2i import SSD_VERSION  # the SSD release whose names the tables carry

META_TABLE = "_snapshot"
POINTER = "current"
SUFFIX = ".duckdb"
ID_PATTERN = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{4}$")


class SnapshotError(RuntimeError):
    """No snapshot loaded, or the one asked for does not exist."""


@dataclass(frozen=True)
class SnapshotInfo:
    id: str
    loaded_at: str
    source: str
    rows: dict[str, int] = field(default_factory=dict)
    current: bool = False
    path: Path | None = None

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def snapshots_dir() -> Path:
    path = config.home() / "snapshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def snapshot_path(snapshot_id: str) -> Path:
    if not ID_PATTERN.match(snapshot_id):
        raise SnapshotError(f"{snapshot_id!r} is not a snapshot id (they look like 20261123-171500-3f2a)")
    return snapshots_dir() / f"{snapshot_id}{SUFFIX}"


def current_id() -> str | None:
    """The id of the current snapshot, or None when nothing has been loaded yet."""
    pointer = snapshots_dir() / POINTER
    try:
        text = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return text or None


def check_ssd_version(meta: dict[str, str]) -> None:
    """Refuse a snapshot loaded before the schema took SSD v1.4.5's names (its UPN column was
    pers_common_child_id): measures and rules would read the wrong columns or fail half-way."""
    if meta.get("ssd_version") != SSD_VERSION:
        raise SnapshotError(f"snapshot {meta.get('id', '?')} was loaded with column names older than SSD "
                            f"{SSD_VERSION}: load its extract again (`lineofsight load DIR`)")


def open_snapshot(snapshot_id: str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a snapshot (None = the current one)."""
    sid = snapshot_id or current_id()
    if sid is None:
        raise SnapshotError(
            f"no snapshot loaded in {snapshots_dir()}: run `lineofsight load DIR` first"
        )
    path = snapshot_path(sid)
    if not path.exists():
        raise SnapshotError(f"snapshot {sid} not found in {path.parent}")
    con = duckdb.connect(str(path), read_only=True)
    try:
        check_ssd_version(snapshot_meta(con))
    except (SnapshotError, duckdb.Error):
        con.close()
        raise
    return con


def snapshot_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The snapshot's own record: id, loaded_at, source, authority_toml, rows:<table>, ..."""
    return dict(con.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())


def snapshot_authority(con: duckdb.DuckDBPyConnection) -> Authority:
    """The authority metadata loaded with the snapshot (from its authority.toml)."""
    return parse_authority(snapshot_meta(con)["authority_toml"], source="snapshot authority.toml")


def row_counts(meta: dict[str, str]) -> dict[str, int]:
    return {k.removeprefix("rows:"): int(v) for k, v in meta.items() if k.startswith("rows:")}


def list_snapshots() -> list[SnapshotInfo]:
    """Every complete snapshot, oldest first (ids sort by load time)."""
    current = current_id()
    out = []
    for path in sorted(snapshots_dir().glob(f"*{SUFFIX}")):
        sid = path.name.removesuffix(SUFFIX)
        if not ID_PATTERN.match(sid):
            continue
        try:
            with duckdb.connect(str(path), read_only=True) as con:
                meta = snapshot_meta(con)
        except duckdb.Error:
            continue  # not a finished snapshot: only complete files are ever renamed into place
        out.append(
            SnapshotInfo(
                id=sid, loaded_at=meta.get("loaded_at", ""), source=meta.get("source", ""),
                rows=row_counts(meta), current=sid == current, path=path,
            )
        )
    return out
