"""`lineofsight measures` (figures for a window or month by month) and `lineofsight children` (who is behind one).

Reads the current snapshot (or --snapshot ID). Exit status 2 for a bad request (an unknown measure,
a malformed date, no snapshot loaded). `children` prints ids only, never names, and appends a line
to LINEOFSIGHT_HOME/audit.log saying who printed how many children's records for which figure.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from lineofsight.audit_log import record as audit
from lineofsight.cli.options import HomeOpt, use_home
from lineofsight.measures import selectors
from lineofsight.measures.engine import MeasureError

EXIT_BAD_REQUEST = 2


class By(StrEnum):
    team = "team"
    worker = "worker"
    age = "age"
    sex = "sex"
    ethnicity = "ethnicity"
    disability = "disability"
    uasc = "uasc"


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ChildFormat(StrEnum):
    csv = "csv"
    json = "json"


def _fail(message: str) -> typer.Exit:
    Console(stderr=True, highlight=False).print(f"error: {message}", style="red", markup=False)
    return typer.Exit(EXIT_BAD_REQUEST)


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _fail(f"{option} {text!r}: expected a date as YYYY-MM-DD") from None


def _open(snapshot: str | None) -> selectors.SnapshotMeasures:
    from lineofsight.warehouse.snapshots import SnapshotError

    try:
        return selectors.SnapshotMeasures(snapshot)
    except (SnapshotError, MeasureError) as exc:
        raise _fail(str(exc)) from None


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit in ("count",):
        return f"{value:,.0f}"
    return f"{value:,.1f}" + ("%" if unit == "percent" else "")


def _cells_json(cells: list[dict]) -> list[dict]:
    return [{k: c[k] for k in ("key", "numerator", "denominator", "value")} for c in cells]


def _window_json(sid: str, from_: dt.date, to: dt.date, rows: list[dict]) -> dict:
    keys = ("id", "title", "unit", "polarity", "numerator", "denominator", "value")
    measures = []
    for r in rows:
        item = {k: r[k] for k in keys}
        if "cells" in r:
            item["cells"] = _cells_json(r["cells"])
        if "records_with_errors" in r:
            item["records_with_errors"] = r["records_with_errors"]
        measures.append(item)
    return {"snapshot": sid, "from": from_.isoformat(), "to": to.isoformat(), "measures": measures}


def _csv(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def measures(
    from_: Annotated[str | None, typer.Option("--from", help="Window start, YYYY-MM-DD (default: 12 months before --to).")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Window end, YYYY-MM-DD (default: the data's latest month end).")] = None,
    measure_ids: Annotated[list[str] | None, typer.Option("--measure", help="A measure id; repeat for more (default: all).")] = None,
    by: Annotated[By | None, typer.Option("--by", help="Break each figure down by this.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    monthly: Annotated[bool, typer.Option("--monthly", help="Month-end series from --from to --to instead of one window.")] = False,
    in_month: Annotated[bool, typer.Option("--in-month", help="With --monthly: each month alone, not the rolling 12 months.")] = False,
    quality: Annotated[bool, typer.Option("--quality", help="Also count each figure's records with an error-severity data-quality finding.")] = False,
    list_measures: Annotated[bool, typer.Option("--list", help="List the measures and their definitions, then stop.")] = False,
    warm: Annotated[bool, typer.Option("--warm", help="Compute and cache every series (total and by team) for the web app, then stop.")] = False,
    snapshot: Annotated[str | None, typer.Option("--snapshot", help="Snapshot id (default: the current one).")] = None,
    home: HomeOpt = None,
) -> None:
    """The core data set: every measure for one window (or month by month), optionally broken down."""
    use_home(home)
    out = Console(highlight=False, soft_wrap=True)
    if list_measures:
        _print_catalogue(out, fmt)
        return
    start, end = _date(from_, "--from"), _date(to, "--to")
    with _open(snapshot) as sm:
        if warm:
            with Console(stderr=True).status("computing every series"):
                n = selectors.warm(sm.con, sm.authority)
            out.print(f"Cached {n} series and the team-view exceptions for snapshot {sm.id}.")
            return
        try:
            last = end or sm.history()[1]
            if monthly:
                _monthly(sm, out, start, last, measure_ids, by, fmt, in_month)
                return
            first = start or selectors.window_start(last)
            errors = None
            if quality:
                errors = selectors.quality_error_records(sm.con)
                if errors is None:
                    raise MeasureError("--quality needs the data-quality rules (lineofsight.quality), not installed")
            rows = sm.measure_window(first, last, measure_ids, by.value if by else None, errors)
        except MeasureError as exc:
            raise _fail(str(exc)) from None
    if fmt == Format.json:
        typer.echo(json.dumps(_window_json(sm.id, first, last, rows), indent=2))
    elif fmt == Format.csv:
        header = ["measure_id", "cell", "numerator", "denominator", "value"] + (["records_with_errors"] if quality else [])
        lines = []
        for r in rows:
            extra = [r["records_with_errors"]] if quality else []
            lines.append([r["id"], "", r["numerator"], r["denominator"], r["value"], *extra])
            lines += [[r["id"], c["key"], c["numerator"], c["denominator"], c["value"]] for c in r.get("cells", [])]
        typer.echo(_csv(header, lines), nl=False)
    else:
        table = Table(title=f"Snapshot {sm.id}: {first} to {last}")
        for col in ("measure", "title", "numerator", "denominator", "value") + (("records with errors",) if quality else ()):
            table.add_column(col, justify="right" if col not in ("measure", "title") else "left")
        for r in rows:
            extra = (str(r["records_with_errors"]),) if quality else ()
            table.add_row(r["id"], r["title"], _n(r["numerator"]), _n(r["denominator"]), _fmt(r["value"], r["unit"]), *extra)
            for c in r.get("cells", []):
                table.add_row("", f"  {c['key']}", _n(c["numerator"]), _n(c["denominator"]), _fmt(c["value"], r["unit"]))
        out.print(table)


def _n(x: float | None) -> str:
    return "-" if x is None else f"{x:,}"


def _monthly(sm: selectors.SnapshotMeasures, out: Console, start: dt.date | None, end: dt.date,
             measure_ids: list[str] | None, by: By | None, fmt: Format, in_month: bool) -> None:
    chosen = measure_ids or [m.id for m in selectors.catalogue()]
    first = (start or sm.history()[0]).isoformat()
    series = []
    for mid in chosen:
        info = selectors.describe(mid)
        dims = by.value if by and by.value in info["breakdowns"] else None
        points = [p for p in sm.measure_series(mid, by=dims, kind="month" if in_month else "rolling", to=end)
                  if p["period_end"] >= first]
        series.append((info, points))
    if fmt == Format.json:
        body = {"snapshot": sm.id, "from": first, "to": end.isoformat(), "kind": "month" if in_month else "rolling",
                "measures": []}
        for info, points in series:
            item = {k: info[k] for k in ("id", "title", "unit", "polarity")}
            item["series"] = []
            for p in points:
                pt = {k: p[k] for k in ("period_end", "numerator", "denominator", "value", "partial")}
                if by:
                    pt["cells"] = _cells_json(p.get("cells", []))
                item["series"].append(pt)
            body["measures"].append(item)
        typer.echo(json.dumps(body, indent=2))
        return
    rows = []
    for info, points in series:
        for p in points:
            rows.append([info["id"], p["period_end"], "", p["numerator"], p["denominator"], p["value"]])
            rows += [[info["id"], p["period_end"], c["key"], c["numerator"], c["denominator"], c["value"]]
                     for c in p.get("cells", [])]
    if fmt == Format.csv:
        typer.echo(_csv(["measure_id", "period_end", "cell", "numerator", "denominator", "value"], rows), nl=False)
        return
    units = {info["id"]: info["unit"] for info, _ in series}
    table = Table(title=f"Snapshot {sm.id}: month ends {first} to {end}")
    for col in ("measure", "month end", "cell", "numerator", "denominator", "value"):
        table.add_column(col, justify="left" if col in ("measure", "month end", "cell") else "right")
    for mid, end_, cell, num, den, val in rows:
        table.add_row(mid, end_, cell, _n(num), _n(den), _fmt(val, units[mid]))
    out.print(table)


def _print_catalogue(out: Console, fmt: Format) -> None:
    infos = [selectors.describe(m.id) for m in selectors.catalogue()]
    if fmt == Format.json:
        typer.echo(json.dumps(infos, indent=2))
        return
    if fmt == Format.csv:
        cols = ["id", "area", "title", "unit", "polarity", "period_type", "threshold", "target", "definition", "source"]
        typer.echo(_csv(cols, [[i[c] for c in cols] for i in infos]), nl=False)
        return
    table = Table(title="The core data set")
    for col in ("id", "area", "title", "unit", "polarity", "type"):
        table.add_column(col)
    for i in infos:
        table.add_row(i["id"], i["area"], i["title"], i["unit"], i["polarity"], i["period_type"])
    out.print(table)


CHILD_COLUMNS = ("record_id", "person_id", "team", "worker", "event_date", "in_numerator", "value", "due_date",
                 "decided_by", "age", "sex", "ethnicity", "disability", "uasc")


def children(
    measure_id: Annotated[str, typer.Argument(help="The measure id (see `lineofsight measures --list`).")],
    to: Annotated[str, typer.Option("--to", help="Window end, YYYY-MM-DD.")],
    from_: Annotated[str | None, typer.Option("--from", help="Window start (default: the 12 months ending --to).")] = None,
    cell: Annotated[str | None, typer.Option("--cell", help="One breakdown cell: KEY with --by, or DIMENSION=KEY.")] = None,
    by: Annotated[By | None, typer.Option("--by", help="The breakdown --cell belongs to.")] = None,
    fmt: Annotated[ChildFormat, typer.Option("--format", help="Output format.")] = ChildFormat.csv,
    snapshot: Annotated[str | None, typer.Option("--snapshot", help="Snapshot id (default: the current one).")] = None,
    home: HomeOpt = None,
) -> None:
    """The records behind a figure (ids, team, worker, numerator flag, deciding dates; never names). Audited."""
    use_home(home)
    end, start = _date(to, "--to"), _date(from_, "--from")
    assert end is not None
    with _open(snapshot) as sm:
        try:
            rows = sm.measure_children(measure_id, end, cell=cell, by=by.value if by else None, period_start=start)
        except MeasureError as exc:
            raise _fail(str(exc)) from None
        first = start or selectors.window_start(end)
    audit(f"children {measure_id} --to {end}" + (f" --cell {by.value + '=' if by else ''}{cell}" if cell else ""),
          len(rows))
    if fmt == ChildFormat.json:
        body = {"snapshot": sm.id, "measure": measure_id, "from": first.isoformat(), "to": end.isoformat(),
                "cell": cell, "children": rows}
        typer.echo(json.dumps(body, indent=2))
    else:
        typer.echo(_csv(list(CHILD_COLUMNS), [[r[c] for c in CHILD_COLUMNS] for r in rows]), nl=False)
