"""`lineofsight quality`: the data-quality findings, the per-team summary and score, the trend, the rules.

Findings name children by person id, for the analyst who fixes them: each time findings are printed
a line goes to LINEOFSIGHT_HOME/audit.log (time, OS user, command, how many records; never an id).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console
from rich.table import Table

from lineofsight.audit_log import record as record_view
from lineofsight.cli.options import HomeOpt, use_home
from lineofsight.quality import selectors
from lineofsight.quality.catalogue import render_catalogue
from lineofsight.quality.model import SEVERITIES

app = typer.Typer(help="Data-quality findings, per-team summary and score, trend and the rule catalogue.")


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[Format, typer.Option("--format", help="table (for people), json or csv (for tools).")]
SnapshotOpt = Annotated[str | None, typer.Option("--snapshot", help="Snapshot id (default: the current snapshot).")]


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _open(snapshot: str | None) -> tuple[duckdb.DuckDBPyConnection, str]:
    from lineofsight.warehouse.snapshots import SnapshotError, current_id, open_snapshot

    try:
        con = open_snapshot(snapshot)
    except SnapshotError as exc:
        _console().print(str(exc), style="red", markup=False)
        raise typer.Exit(1) from exc
    return con, snapshot or current_id() or ""


def _summary(findings: list[dict]) -> list[dict]:
    counts = Counter((f["rule_id"], f["severity"]) for f in findings)
    out = [{"rule_id": r, "severity": s, "count": n} for (r, s), n in counts.items()]
    return sorted(out, key=lambda d: (SEVERITIES.index(d["severity"]), d["rule_id"]))


@app.callback(invoke_without_command=True)
def quality(
    ctx: typer.Context,
    fmt: FormatOpt = Format.table,
    team: Annotated[str | None, typer.Option("--team", help="Only findings attributed to this team id.")] = None,
    rule: Annotated[str | None, typer.Option("--rule", help="Only this rule id.")] = None,
    severity: Annotated[str | None, typer.Option("--severity", help="Only error, warning or query.")] = None,
    snapshot: SnapshotOpt = None,
    as_at: Annotated[str | None, typer.Option(
        "--as-at", help="Reference date YYYY-MM-DD (default: the snapshot's latest recorded date).")] = None,
    limit: Annotated[int, typer.Option(help="Findings listed in table format (json and csv list all).")] = 100,
    home: HomeOpt = None,
) -> None:
    """List data-quality findings for a snapshot, with a count per rule."""
    if ctx.invoked_subcommand is not None:
        use_home(home)
        return
    use_home(home)
    if severity is not None and severity not in SEVERITIES:
        raise typer.BadParameter(f"must be one of {', '.join(SEVERITIES)}", param_hint="--severity")
    if rule is not None:
        try:
            selectors.rule(rule)
        except KeyError as exc:
            raise typer.BadParameter(f"no rule {rule!r}; see `lineofsight quality rules`", param_hint="--rule") from exc
    day = None
    if as_at:
        try:
            day = dt.date.fromisoformat(as_at)
        except ValueError as exc:
            raise typer.BadParameter("expected a date as YYYY-MM-DD", param_hint="--as-at") from exc
    con, sid = _open(snapshot)
    try:
        if day is None:
            found = selectors.findings(con, team=team, rule_id=rule, severity=severity)
        else:
            found = [f for f in selectors.run_rules(con, day, only=[rule] if rule else None)
                     if (team is None or f["team"] == team) and (severity is None or f["severity"] == severity)]
    finally:
        con.close()
    summary = _summary(found)
    command = f"lineofsight quality --format {fmt.value}"
    if fmt is Format.table:
        shown = _print_table(sid, found, summary, limit)
        if shown:
            record_view(command, shown)
        return
    # json and csv list every finding with its person id (the analyst needs them to correct the records):
    # the audit line is written BEFORE the output, so `| head`, which closes the pipe early, cannot skip it.
    if found:
        record_view(command, len(found))
    if fmt is Format.json:
        typer.echo(json.dumps({"snapshot": sid, "findings": found, "summary": summary}, default=str))
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(selectors.FINDING_FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(found)


def _print_table(sid: str, found: list[dict], summary: list[dict], limit: int) -> int:
    out = _console()
    counts = Table(title=f"Data-quality findings, snapshot {sid}")
    for col in ("rule", "severity", "count", "title"):
        counts.add_column(col, justify="right" if col == "count" else "left")
    for s in summary:
        counts.add_row(s["rule_id"], s["severity"], str(s["count"]), selectors.rule(s["rule_id"]).title)
    out.print(counts)
    if not found:
        out.print("No findings.")
        return 0
    listed = found[:max(limit, 0)]
    table = Table(title=f"Findings (first {len(listed)} of {len(found)})")
    for col in selectors.FINDING_FIELDS:
        table.add_column(col)
    for f in listed:
        table.add_row(*[("" if f[c] is None else str(f[c])) for c in selectors.FINDING_FIELDS])
    out.print(table)
    if len(found) > len(listed):
        out.print(f"... {len(found) - len(listed)} more: use --format csv or json for all, or --limit.")
    return len(listed)


@app.command()
def teams(snapshot: SnapshotOpt = None, fmt: FormatOpt = Format.table, home: HomeOpt = None) -> None:
    """Per-team summary: open cases, findings by severity, per 100 open cases, and the score."""
    use_home(home)
    con, sid = _open(snapshot)
    try:
        rows = selectors.team_summary(con)
        day = selectors.as_at(con)
    finally:
        con.close()
    if fmt is Format.json:
        typer.echo(json.dumps({"snapshot": sid, "as_at": day.isoformat(), "teams": rows}))
        return
    flat = [{k: v for k, v in r.items() if k != "by_rule"} for r in rows]
    if fmt is Format.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(flat[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat)
        return
    table = Table(title=f"Data quality by team, snapshot {sid}, as at {day}")
    for col in ("team", "open", "errors", "warnings", "queries", "per 100 open", "recent records", "score"):
        table.add_column(col, justify="left" if col == "team" else "right")
    for r in flat:
        table.add_row(str(r["team_name"]), str(r["open_children"]), str(r["errors"]), str(r["warnings"]),
                      str(r["queries"]), _num(r["findings_per_100"]), str(r["recent_records"]), _num(r["score"]))
    _console().print(table)
    _console().print("Open: children and care leavers with an open case. Per 100 open: findings per 100 open cases. "
                     "Score: % of the team's case records of the last 12 months with no finding (a record with only "
                     "warnings counts half).")


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


@app.command()
def trend(fmt: FormatOpt = Format.table, home: HomeOpt = None) -> None:
    """Findings and score per team across every snapshot, oldest first."""
    use_home(home)
    rows = selectors.trend()
    if fmt is Format.json:
        typer.echo(json.dumps({"trend": rows}))
        return
    if fmt is Format.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=["snapshot", "loaded_at", "as_at", "team", "team_name",
                                                        "open_children", "errors", "warnings", "queries", "score"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    table = Table(title="Data quality across snapshots")
    for col in ("snapshot", "as at", "team", "open children", "errors", "warnings", "score"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["snapshot"], r["as_at"], str(r["team_name"]), str(r["open_children"]), str(r["errors"]),
                      str(r["warnings"]), _num(r["score"]))
    _console().print(table)


@app.command()
def catalogue(
    out: Annotated[Path | None, typer.Option(help="Write here (docs/data-quality-rules.md) instead of printing.")] = None,
    home: HomeOpt = None,
) -> None:
    """The rule catalogue as Markdown: what each rule means and how to fix it at source."""
    use_home(home)
    text = render_catalogue()
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        typer.echo(text)


@app.command()
def rules(fmt: FormatOpt = Format.table, home: HomeOpt = None) -> None:
    """The rule catalogue: id, severity, family, title, what it means and how to fix it."""
    use_home(home)
    catalogue = [r.as_dict() for r in selectors.rules()]
    if fmt is Format.json:
        typer.echo(json.dumps({"rules": catalogue}))
        return
    if fmt is Format.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(catalogue[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({**r, "tables": " ".join(r["tables"])} for r in catalogue)
        return
    table = Table(title=f"{len(catalogue)} data-quality rules")
    for col in ("rule", "severity", "family", "title"):
        table.add_column(col)
    for r in catalogue:
        table.add_row(r["rule_id"], r["severity"], r["family"], r["title"])
    _console().print(table)
