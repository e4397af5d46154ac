"""`lineofsight audit verify`: check that the web app's audit log is whole and unchanged."""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(help="The web app's audit log of child-level views and exports.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


@app.command()
def verify() -> None:
    """Check the hash chain over every audit entry; exit 1 naming the first entry changed, removed
    or inserted out of turn."""
    from lineofsight.web import bootstrap

    bootstrap.setup()
    from lineofsight.web.audit.selectors import verify_chain

    checked, problem = verify_chain()
    if problem:
        err.print(f"[red]The audit log has been tampered with: {problem}. "
                  f"{checked} entries before it are intact.[/red]")
        raise typer.Exit(1)
    console.print(f"The audit log is intact: {checked} entries, each chained to the one before.")
