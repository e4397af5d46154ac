"""`lineofsight web ...`: prepare the app database, create accounts, and serve the web app."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="The web app: set it up, create accounts, serve it.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


def _setup() -> None:
    from lineofsight.web import bootstrap

    bootstrap.setup()


@app.command()
def setup(
    static: Annotated[bool, typer.Option("--static/--no-static", help="Also collect static files.")] = True,
) -> None:
    """Create or migrate the app database, create the role groups, and collect static files."""
    _setup()
    from django.conf import settings
    from django.core.management import call_command

    from lineofsight.web.policy import ensure_roles

    ensure_roles()
    if static:
        call_command("collectstatic", interactive=False, verbosity=0)
    console.print(f"App database ready: {settings.DATABASES['default']['NAME']}. Static files in {settings.STATIC_ROOT}.")


@app.command("demo-accounts")
def demo_accounts() -> None:
    """Create one demo account per role and print them. Only in demo mode (LINEOFSIGHT_DEMO=1)."""
    _setup()
    from lineofsight.web.core.accounts import NotDemoModeError, create_demo_accounts

    try:
        accounts = create_demo_accounts()
    except NotDemoModeError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    table = Table(title="Demo accounts (demo mode only)")
    for column in ("Username", "Password", "Role"):
        table.add_column(column)
    for a in accounts:
        table.add_row(a.username, a.password, a.role.value)
    console.print(table)


@app.command("add-user")
def add_user(
    username: Annotated[str, typer.Argument(help="The new account's username.")],
    role: Annotated[list[str], typer.Option("--role", help="A role (repeat for more): " + ", ".join(
        ["analyst", "leader", "manager", "board", "scrutiny", "editor"]))],
    full_name: Annotated[str, typer.Option("--name", help="The person's full name.")] = "",
    superuser: Annotated[bool, typer.Option("--superuser", help="The installation's owner: the only account that "
                                            "changes administrators' accounts and opens /admin/.")] = False,
) -> None:
    """Create a named account with one or more roles; asks for the password (never on the command line)."""
    _setup()
    from lineofsight.web.core.accounts import create_account
    from lineofsight.web.policy import Role

    short = {"analyst": Role.ADMINISTRATOR, "leader": Role.SENIOR_LEADER, "manager": Role.TEAM_MANAGER,
             "board": Role.BOARD_MEMBER, "scrutiny": Role.SCRUTINY_MEMBER, "editor": Role.PLAN_EDITOR}
    unknown = [r for r in role if r not in short]
    if unknown:
        err.print(f"[red]Unknown role(s) {', '.join(unknown)}; choose from {', '.join(short)}.[/red]")
        raise typer.Exit(2)
    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    from django.core.exceptions import ValidationError

    try:
        create_account(username, password, [short[r] for r in role], full_name, superuser=superuser)
    except (ValidationError, ValueError) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        err.print("[red]" + " ".join(messages) + "[/red]")
        raise typer.Exit(1) from None
    console.print(f"Created {username} with role(s) {', '.join(short[r].value for r in role)}.")


@app.command()
def check() -> None:
    """Is this installation safe to serve real data? Django's `check --deploy` plus our own checks
    (file permissions, HTTPS, demo mode and accounts, the audit log's chain). Exit 1 on anything unsafe."""
    _setup()
    from lineofsight.web.deploy_checks import UNSAFE, run

    found = run()
    for level, message in found:
        style = "red" if level == UNSAFE else "dim"
        console.print(f"[{style}]{level}:[/{style}] {message}", highlight=False)
    unsafe = sum(1 for level, _ in found if level == UNSAFE)
    if unsafe:
        err.print(f"[red]{unsafe} unsafe setting(s): see docs/deploying.md.[/red]")
        raise typer.Exit(1)
    console.print("[green]Nothing unsafe found.[/green]")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    threads: Annotated[int, typer.Option("--threads", help="Worker threads.")] = 8,
) -> None:
    """Serve the web app with waitress (a production WSGI server), on http://HOST:PORT/."""
    _setup()
    from waitress import serve as waitress_serve

    from lineofsight.web.wsgi import application

    demo = " in demo mode (synthetic data, demo accounts)" if os.environ.get("LINEOFSIGHT_DEMO") == "1" else ""
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    console.print(f"Line of Sight is running{demo} at [bold]http://{shown}:{port}/[/bold]  (Ctrl+C to stop)")
    waitress_serve(application, host=host, port=port, threads=threads, ident="lineofsight")
