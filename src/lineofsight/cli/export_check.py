"""`lineofsight export ... --check`: the DfE validators' verdict on the return just written, by rule and child.

A performance team sees the return's problems before DfE does. Each error names the child (the
identifier in the return, never a name) and, where one of our data-quality rules finds the same
records first (`Rule.dfe_rules`), the finding that explains it, so it can be fixed at source.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import duckdb
import typer

from lineofsight.formats import referee
from lineofsight.quality import selectors as quality

EXIT_ERRORS = 1


def _findings(con: duckdb.DuckDBPyConnection, codes: set[str]) -> dict[tuple[str, str], list[dict]]:
    """(DfE rule, person id) -> our findings on that child from the quality rules that cover the DfE rule."""
    linked = {r.id: r for r in quality.rules() if set(r.dfe_rules) & codes}
    out: dict[tuple[str, str], list[dict]] = defaultdict(list)
    if not linked:
        return out
    for f in quality.run_rules(con, only=linked):
        for code in set(linked[f["rule_id"]].dfe_rules) & codes:
            out[(code, str(f["person_id"]))].append(f)
    return out


def report(con: duckdb.DuckDBPyConnection, verdict: referee.Verdict, what: str) -> list[str]:
    """The verdict as lines: errors by rule with each child and the finding that explains it, then queries."""
    errors, queries = verdict.errors, verdict.queries
    lines = [f"Checked {what}: {verdict.error_count()} errors in {len({e.rule for e in errors})} rules, "
             f"{sum(q.count for q in queries)} queries in {len({q.rule for q in queries})} rules."]
    found = _findings(con, {e.rule for e in errors})
    for e in sorted(errors, key=lambda i: (i.rule, i.table)):
        lines.append(f"  error {e.rule} ({e.table}, {e.count} rows): {e.message}")
        for child in e.children:
            refs = found.get((e.rule, child), [])
            why = "; ".join(f"quality finding {f['rule_id']} on {f['table']} {f['record_id']}" for f in refs[:3])
            lines.append(f"    child {child}" + (f": {why}" if why else ""))
    for q in sorted(queries, key=lambda i: (i.rule, i.table)):
        lines.append(f"  query {q.rule} ({q.table}, {q.count} rows): {q.message}")
    if verdict.failed_rules:
        lines.append(f"  rules the validator could not run on this return (its own fault, not the data's): "
                     f"{', '.join(sorted(set(verdict.failed_rules)))}")
    return lines


def check(con: duckdb.DuckDBPyConnection, kind: str, path: Path, year: int, la_code: str) -> None:
    """Run the referee for `kind` ("cin" or "903") on the written return and print its verdict.
    Exit 1 when it finds errors, or when the validators' environment is missing (the return is written)."""
    try:
        if kind == "cin":
            verdict = referee.validate_cin(path, year)
            what = f"with csc-validator-be-cin, rules {referee.cin_ruleset(year)}"
        else:
            verdict = referee.validate_903(path, year, la_code)
            what = f"with csc-validator-be-903, rules {referee.lac_ruleset(year)}, local authority {la_code}"
    except (referee.RefereeUnavailable, ValueError) as exc:
        typer.echo(f"Not checked: {exc}. The return is written.", err=True)
        raise typer.Exit(EXIT_ERRORS) from exc
    for line in report(con, verdict, what):
        typer.echo(line)
    if verdict.errors:
        raise typer.Exit(EXIT_ERRORS)
