"""Writing a new snapshot so that a failure at any moment never costs the current one.

The new snapshot is written to a temporary file in the snapshots folder, flushed to disk, renamed
to its final name, and only then is the `current` pointer replaced (itself written to a temporary
file and renamed, which is atomic on POSIX). A load killed part-way leaves at worst a temporary
file, which is never listed as a snapshot and is removed by the next load. One load runs at a
time (an advisory lock), so a load never removes another's temporary file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import secrets
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from lineofsight.warehouse.snapshots import POINTER, SUFFIX, snapshot_path, snapshots_dir

TEMP_PREFIX = ".tmp-"
LOCK_NAME = ".load.lock"
PAUSE_ENV = "LINEOFSIGHT_TEST_PAUSE_AFTER_TABLES"
PAUSE_MARKER = "LINEOFSIGHT_TEST_PAUSED"


class LoadInProgress(RuntimeError):
    """Another `lineofsight load` holds the snapshots folder."""


def new_snapshot_id(now: dt.datetime | None = None) -> str:
    """Sortable by load time (UTC), unique by a random suffix: 20261123-171500-3f2a."""
    now = now or dt.datetime.now(dt.UTC)
    while True:
        sid = f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"
        if not snapshot_path(sid).exists():
            return sid


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f"{TEMP_PREFIX}{path.name}-{secrets.token_hex(4)}")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_path(path.parent)


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete temporary files left by interrupted loads (only call while holding the lock)."""
    removed = []
    for path in folder.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


@contextlib.contextmanager
def load_lock() -> Iterator[Path]:
    folder = snapshots_dir()
    with open(folder / LOCK_NAME, "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise LoadInProgress(f"another load is running in {folder}; try again when it has finished") from exc
        try:
            yield folder
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class SnapshotWriter:
    """Context manager: `temp_path` is written by the caller; on a clean exit it becomes current."""

    def __init__(self) -> None:
        self.id = ""
        self.temp_path = Path()
        self.final_path = Path()
        self._lock: contextlib.AbstractContextManager | None = None

    def __enter__(self) -> SnapshotWriter:
        self._lock = load_lock()
        folder = self._lock.__enter__()
        try:
            remove_leftovers(folder)
            self.id = new_snapshot_id()
            self.final_path = snapshot_path(self.id)
            self.temp_path = folder / f"{TEMP_PREFIX}{self.id}{SUFFIX}"
        except BaseException:
            self._lock.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self._commit()
            else:
                remove_leftovers(self.temp_path.parent)
        finally:
            assert self._lock is not None
            self._lock.__exit__(exc_type, exc, tb)

    def _commit(self) -> None:
        wal = self.temp_path.with_name(self.temp_path.name + ".wal")
        if wal.exists():
            raise RuntimeError("the snapshot database was not closed before it was committed")
        _fsync_path(self.temp_path)
        os.replace(self.temp_path, self.final_path)
        _fsync_path(self.final_path.parent)
        _write_atomic(self.final_path.parent / POINTER, self.id + "\n")


def pause_for_tests(tables_written: int) -> None:
    """Test hook: with LINEOFSIGHT_TEST_PAUSE_AFTER_TABLES=N, stop after N tables so a test can kill us.

    Only honoured when the variable is set; it lets the interrupted-load test kill the process at
    a known point instead of racing it.
    """
    wanted = os.environ.get(PAUSE_ENV)
    if wanted and int(wanted) == tables_written:
        print(PAUSE_MARKER, file=sys.stderr, flush=True)
        time.sleep(600)
