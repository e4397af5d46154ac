"""Where Line of Sight keeps its state: one folder holding snapshots and the app database."""

from __future__ import annotations

import os
from pathlib import Path

ENV_HOME = "LINEOFSIGHT_HOME"


def home() -> Path:
    """The LINEOFSIGHT_HOME folder (default ./var), created on first use."""
    path = Path(os.environ.get(ENV_HOME) or "var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def set_home(path: str | os.PathLike[str] | None) -> None:
    """Point this process (and the processes it starts) at another home folder."""
    if path is not None:
        os.environ[ENV_HOME] = str(Path(path).resolve())
