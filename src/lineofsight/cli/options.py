"""Options shared by every command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lineofsight import config

HomeOpt = Annotated[
    Path | None,
    typer.Option("--home", help="Folder holding snapshots and the app database (env LINEOFSIGHT_HOME; default ./var).",
                 envvar=config.ENV_HOME, show_default=False),
]


def use_home(home: Path | None) -> Path:
    """Apply a command's --home and return the folder in force."""
    config.set_home(home)
    for line in config.private_files():
        typer.echo(f"Warning: {line}", err=True)
    return config.home()
