"""Where Line of Sight keeps its state: one folder holding snapshots and the app database."""

from __future__ import annotations

import os
from pathlib import Path

ENV_HOME = "LINEOFSIGHT_HOME"
DEMO_HOME_MARKER = "demo-home"  # written by scripts/demo.sh in a home of its own; demo accounts need it


def home() -> Path:
    """The LINEOFSIGHT_HOME folder (default ./var), created on first use."""
    path = Path(os.environ.get(ENV_HOME) or "var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def set_home(path: str | os.PathLike[str] | None) -> None:
    """Point this process (and the processes it starts) at another home folder."""
    if path is not None:
        os.environ[ENV_HOME] = str(Path(path).resolve())


def is_demo_home() -> bool:
    """Is the home one `make demo` made for itself (never a real installation's)?"""
    return (home() / DEMO_HOME_MARKER).is_file()
