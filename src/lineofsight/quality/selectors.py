"""What the web app, the measures and the CLI ask of data quality. Code against these, not the engine.

Every function taking `con` works on a snapshot connection (findings cached per snapshot under
LINEOFSIGHT_HOME/cache) or any DuckDB connection holding the schema tables and ref_calendar
(findings computed on each call). Results are plain lists and dicts, ready for templates and JSON.
Child-level results (findings) carry person ids: callers showing them must audit the view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import duckdb

from lineofsight.quality import cache, engine, summary
from lineofsight.quality.model import SEVERITIES, Rule
from lineofsight.quality.rules import ALL_RULES, BY_ID

FINDING_FIELDS: tuple[str, ...] = ("rule_id", "severity", "table", "record_id", "person_id", "team", "worker", "detail")
"""The fields of a finding as the report, the JSON and the app show it (table_name is shown as table)."""


def rules() -> list[Rule]:
    """Every rule, in family order."""
    return list(ALL_RULES)


def rule(rule_id: str) -> Rule:
    """One rule by id (KeyError if there is none)."""
    return BY_ID[rule_id]


def rules_for_tables(tables: Iterable[str]) -> list[Rule]:
    """Rules that read any of `tables`: the rules that can distort a measure built on them."""
    wanted = set(tables)
    return [r for r in ALL_RULES if wanted.intersection(r.tables)]


def as_at(con: duckdb.DuckDBPyConnection) -> dt.date:
    """The reference date the findings for `con` use (see engine for how it is chosen)."""
    return _source(con)[1]


def _source(con: duckdb.DuckDBPyConnection) -> tuple[str, dt.date]:
    """A FROM-able SQL of this connection's findings, and their reference date."""
    snapshot_id = engine.snapshot_value(con, "id")
    if snapshot_id is None:
        day = engine.default_as_at(con)
        return f"({engine.findings_sql(ALL_RULES, day)})", day
    cached = cache.load(snapshot_id)
    if cached is None:
        cache.store(con, snapshot_id, engine.default_as_at(con))
        cached = cache.load(snapshot_id)
        assert cached is not None
    path, day = cached
    return "read_parquet('" + str(path).replace("'", "''") + "')", day


def _shape(row: dict) -> dict:
    return {
        "rule_id": row["rule_id"], "severity": row["severity"], "table": row["table_name"],
        "record_id": row["record_id"], "person_id": row["person_id"], "team": row["team"],
        "worker": row["worker"], "detail": row["detail"],
    }


def run_rules(con: duckdb.DuckDBPyConnection, as_at: dt.date | None = None,
              only: Iterable[str] | None = None) -> list[dict]:
    """Run the rules now (no cache) and return every finding; `only` limits to some rule ids."""
    chosen = ALL_RULES if only is None else tuple(BY_ID[i] for i in only)
    return [_shape(r) for r in engine.to_dicts(engine.run(con, as_at, chosen))]


def findings(con: duckdb.DuckDBPyConnection, team: str | None = None, rule_id: str | None = None,
             severity: str | None = None, person_id: str | None = None) -> list[dict]:
    """Findings (cached per snapshot), optionally for one team, rule, severity or child."""
    source, _ = _source(con)
    where, params = [], []
    for column, value in (("team", team), ("rule_id", rule_id), ("severity", severity), ("person_id", person_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if severity is not None and severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    sql = f"SELECT * FROM {source} f" + (" WHERE " + " AND ".join(where) if where else "")
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [_shape(dict(zip(cols, row, strict=True))) for row in cur.fetchall()]


def summary_by_rule(con: duckdb.DuckDBPyConnection, team: str | None = None) -> list[dict]:
    """Count of findings per rule ({rule_id, severity, count}), most severe first, optionally for one team."""
    source, _ = _source(con)
    where = " WHERE team = ?" if team is not None else ""
    rows = con.execute(
        f"SELECT rule_id, severity, count(*) FROM {source} f{where} GROUP BY ALL",
        [team] if team is not None else [],
    ).fetchall()
    out = [{"rule_id": r, "severity": s, "count": n} for r, s, n in rows]
    return sorted(out, key=lambda d: (SEVERITIES.index(d["severity"]), d["rule_id"]))


def error_records(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(table, record_id) of every record with an error-severity finding."""
    source, _ = _source(con)
    return set(con.execute(
        f"SELECT DISTINCT table_name, record_id FROM {source} f WHERE severity = 'error'").fetchall())


def team_summary(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Per team (and '*' for the authority; None for no team): open cases, findings by severity and by
    rule (count and per 100 open cases), recent records and the data-quality score (see summary).
    Cached per snapshot like the findings."""
    snapshot_id = engine.snapshot_value(con, "id")
    if snapshot_id is not None:
        cached = cache.load_json(snapshot_id, "teams")
        if cached is not None:
            return cached  # type: ignore[return-value]
    source, day = _source(con)
    rows = summary.team_summary(con, source, day)
    if snapshot_id is not None:
        cache.store_json(snapshot_id, "teams", rows)
    return rows


def trend(snapshot_ids: Iterable[str] | None = None) -> list[dict]:
    """Per snapshot (oldest first) and team: as_at, open children, findings by severity and score.

    Default: every snapshot in lineofsight.warehouse.snapshots.list_snapshots(). Each snapshot's
    findings are cached after the first call, so the trend costs one summary per snapshot.
    """
    from lineofsight.warehouse import snapshots  # the warehouse is only needed for the trend

    ids = list(snapshot_ids) if snapshot_ids is not None else [_snapshot_id(s) for s in snapshots.list_snapshots()]
    out = []
    for sid in ids:
        con = snapshots.open_snapshot(sid)
        try:
            day = as_at(con)
            loaded = engine.snapshot_value(con, "loaded_at")
            for row in team_summary(con):
                out.append({
                    "snapshot": sid, "loaded_at": loaded, "as_at": day.isoformat(),
                    **{k: row[k] for k in ("team", "team_name", "open_children", "errors", "warnings", "queries", "score")},
                })
        finally:
            con.close()
    out.sort(key=lambda d: (d["as_at"], str(d["loaded_at"]), d["snapshot"]))
    return out


def _snapshot_id(item: object) -> str:
    """The id of an entry of list_snapshots(), whether a dict, an object with .id or the id itself."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        return str(item["id"])
    return str(item.id)  # type: ignore[attr-defined]
