"""Where Line of Sight keeps its state: one folder holding snapshots and the app database.

Everything in it is child-level or secret (snapshots, the app database with the audit table, password
hashes and sessions, caches, exports, the secret key), so every entry point calls `private_files()`:
umask 077, the home 0700, and a warning at start-up when the home or what is in it is readable by others.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

ENV_HOME = "LINEOFSIGHT_HOME"
DEMO_HOME_MARKER = "demo-home"  # written by scripts/demo.sh in a home of its own; demo accounts need it


def home() -> Path:
    """The LINEOFSIGHT_HOME folder (default ./var), created on first use."""
    path = Path(os.environ.get(ENV_HOME) or "var").resolve()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def set_home(path: str | os.PathLike[str] | None) -> None:
    """Point this process (and the processes it starts) at another home folder."""
    if path is not None:
        os.environ[ENV_HOME] = str(Path(path).resolve())


def is_demo_home() -> bool:
    """Is the home one `make demo` made for itself (never a real installation's)?"""
    return (home() / DEMO_HOME_MARKER).is_file()


def private_files() -> list[str]:
    """Make every file this process creates readable by its owner only (umask 077), then check the home:
    returns what in it others can read or write, for the caller to warn about."""
    os.umask(0o077)
    return check_permissions()


def check_permissions() -> list[str]:
    """The home and the entries directly inside it that group or others may read, write or enter."""
    root = home()
    loose = []
    for path in [root, *sorted(root.iterdir())]:
        try:
            mode = stat.S_IMODE(path.lstat().st_mode)
        except OSError:
            continue
        if mode & 0o077:
            loose.append(f"{path} is {mode:o}: others can read it (expected {700 if path.is_dir() else 600}; "
                         f"chmod -R go-rwx {root})")
    return loose


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename, so a reader (another
    request, another process) sees the whole file or none of it; the folder is made if missing."""
    import contextlib
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
