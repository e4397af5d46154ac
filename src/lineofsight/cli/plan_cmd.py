"""`lineofsight plan ...`: import, export and list improvement plans; load the demo plan; freeze a meeting."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="The improvement plan register: import, export and list plans.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


def _setup() -> None:
    from lineofsight.web import bootstrap

    bootstrap.setup()


def _parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        err.print(f"[red]{option} must be a date like 2025-03-31, not {value!r}[/red]")
        raise typer.Exit(2) from None


def _plan(name: str):  # noqa: ANN202 - a Plan model instance, imported after Django is set up
    from lineofsight.plan.models import Plan

    plan = Plan.objects.filter(name=name).first() or Plan.objects.filter(slug=name).first()
    if plan is None:
        names = ", ".join(Plan.objects.values_list("name", flat=True)) or "none yet"
        err.print(f"[red]No plan called {name!r}. Plans: {names}.[/red]")
        raise typer.Exit(1)
    return plan


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The plan spreadsheet: .xlsx or .csv, one row per action.")],
    plan: Annotated[str, typer.Option("--plan", help="The plan to import into (created if new).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be imported; save nothing.")] = False,
) -> None:
    """Import a plan from a spreadsheet. All or nothing: any problem is reported row by row and nothing is saved.
    Re-importing a newer version updates actions matched by ref and reports (never deletes) those that went."""
    _setup()
    from lineofsight.plan.importers import PlanImportError
    from lineofsight.plan.importing import import_plan

    try:
        result = import_plan(file, plan, dry_run=dry_run)
    except PlanImportError as exc:
        table = Table(title=f"{len(exc.problems)} problem(s) in {file.name}: nothing was imported")
        for column in ("File", "Row", "Column", "Value", "Expected"):
            table.add_column(column)
        for p in exc.problems:
            table.add_row(p.file, str(p.row), p.column, p.value, p.expected)
        err.print(table)
        raise typer.Exit(1) from None
    if dry_run:
        _print_preview(result)
    console.print(result.summary)
    if dry_run:
        console.print("[bold]Dry run: nothing was saved.[/bold]")


def _print_preview(result) -> None:  # noqa: ANN001 - importing.ImportResult, imported after Django is set up
    """The areas and actions an import would create or change, each derived due date, and what was interpreted."""
    areas = Table(title="Areas")
    for column in ("Ref", "Area", "Outcome"):
        areas.add_column(column)
    for a in result.areas:
        areas.add_row(a.ref, a.title, a.outcome)
    console.print(areas)
    actions = Table(title="Actions")
    for column in ("Area", "Ref", "Action", "Owners", "Due (as written)", "Due by", "All dates", "Status",
                   "Activity", "Impact", "Overdue", "Outcome"):
        actions.add_column(column)
    for a in result.actions:
        actions.add_row(
            a.area_ref, a.ref, (f"[{a.theme}] " if a.theme else "") + a.text.split("\n")[0][:60], "; ".join(a.owners),
            a.due_text, a.due_by.isoformat() if a.due_by else "none", ", ".join(d.isoformat() for d in a.due),
            a.status + (f" ({a.closed_reason})" if a.closed_reason else ""), a.activity_rating or "-",
            a.impact_rating or "-", "yes" if a.overdue else "no", a.outcome,
        )
    console.print(actions)
    if result.findings:
        console.print("[bold]Interpreted:[/bold]")
        for finding in result.findings:
            console.print(f"  {finding}", markup=False)
    for ref, text in result.disappeared:
        console.print(f"  Not in the file (kept, not deleted): {ref} {text[:60]}", markup=False)


@app.command()
def export(
    plan: Annotated[str, typer.Option("--plan", help="The plan's name.")],
    fmt: Annotated[str, typer.Option("--format", help="json, xlsx, docx or pdf.")] = "json",
    as_at: Annotated[str | None, typer.Option("--as-at", help="The plan as it stood at the end of this day (YYYY-MM-DD).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write here (default: standard output for json, else a named file).")] = None,
    content: Annotated[str, typer.Option("--content", help="full (summary and every action) or summary.")] = "full",
) -> None:
    """Export a plan as JSON (for tools), or as .xlsx, .docx or .pdf (for people)."""
    from lineofsight.plan import exporters

    if fmt not in exporters.FORMATS:
        err.print(f"[red]--format must be one of {', '.join(exporters.FORMATS)}, not {fmt!r}[/red]")
        raise typer.Exit(2)
    if content not in exporters.CONTENTS:
        err.print(f"[red]--content must be one of {', '.join(exporters.CONTENTS)}, not {content!r}[/red]")
        raise typer.Exit(2)
    day = _parse_day(as_at, "--as-at")
    _setup()
    from lineofsight.plan import selectors

    try:
        state = selectors.plan_state(_plan(plan), as_at=day)
    except selectors.AsAtError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    data = exporters.render(state, fmt, content)
    if out is None and fmt == "json":
        sys.stdout.write(data.decode("utf-8"))
        return
    target = out or Path(exporters.filename(state, fmt, content))
    target.write_bytes(data)
    console.print(f"Wrote {target} ({len(data):,} bytes), {state.name} as at {state.as_at:%d %B %Y}.")


@app.command("list")
def list_() -> None:
    """List the plans with their areas, actions and how many are overdue today."""
    _setup()
    from lineofsight.plan import selectors

    table = Table(title="Improvement plans")
    for column in ("Plan", "Areas", "Actions", "Overdue", "Meetings"):
        table.add_column(column, justify="left" if column == "Plan" else "right")
    plans = list(selectors.plans())
    for p in plans:
        state = selectors.plan_state(p)
        table.add_row(p.name, str(len(state.areas)), str(len(state.actions)), str(len(state.overdue)),
                      str(p.meetings.count()))
    if plans:
        console.print(table)
    else:
        console.print("No plans yet: `lineofsight plan import FILE --plan NAME` or `lineofsight plan demo`.")


@app.command()
def demo() -> None:
    """Load the demonstration plan (synthetic content, dates relative to today, two frozen meetings)."""
    _setup()
    from lineofsight.plan.demo import DEMO_PLAN_NAME, load_demo_plan
    from lineofsight.plan.models import Plan

    if Plan.objects.filter(name=DEMO_PLAN_NAME).exists():
        console.print(f"The demo plan is already loaded: {DEMO_PLAN_NAME}.")
        return
    plan = load_demo_plan()
    console.print(f"Loaded the demo plan: {plan.name} ({plan.areas.count()} areas).")


@app.command()
def freeze(
    plan: Annotated[str, typer.Option("--plan", help="The plan's name.")],
    title: Annotated[str, typer.Option("--title", help="The meeting, e.g. 'Improvement board'.")],
    held_on: Annotated[str, typer.Option("--held-on", help="The meeting's date (YYYY-MM-DD).")],
) -> None:
    """Freeze the plan as it is today for a meeting's board pack (never changed afterwards)."""
    day = _parse_day(held_on, "--held-on")
    _setup()
    from lineofsight.plan import services

    try:
        meeting = services.freeze_meeting(_plan(plan), title, day)
    except services.PlanError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"Frozen {meeting.plan.name} as at {meeting.as_at:%d %B %Y} for {meeting}.")
