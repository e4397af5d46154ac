"""Runs every rule as one set-based DuckDB query and attributes each finding to a team and worker.

The reference date (`as_at`, "today" for the snapshot) decides what counts as in the future, open,
overdue or too old. Default: the latest date recorded anywhere in the snapshot that is not after
the day the snapshot was loaded (today when the connection is not a snapshot). An extract is a
picture of one day; its latest real date is that day. Dates after the load day cannot be real and
are left out so that one mistyped year cannot move the reference date; planned dates (due, target,
expected) are left out because they are meant to be in the future.

Attribution: a finding names the team and worker on the record itself; where the record names none,
the allocation in ssd_involvements covering the record's date (allocated social worker first, then
the most recent allocation), failing that the child's allocation nearest in time, and for a named
worker with no team, the worker's own team.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from lineofsight.quality.model import AS_AT, RULE_COLUMNS, SEVERITIES, Rule
from lineofsight.quality.rules import ALL_RULES
from lineofsight.quality.rules.validity import PLANNED_DATES
from lineofsight.schema import TABLES

FINDING_COLUMNS: tuple[str, ...] = ("rule_id", "severity", *RULE_COLUMNS)



def recorded_date_columns() -> list[tuple[str, str]]:
    """(table, column) for every date column that records something that has happened."""
    return [(t.name, c) for t in TABLES for c in t.date_columns if c not in PLANNED_DATES]


def _table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchall()[0][0])


def snapshot_value(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """A value from the snapshot's _snapshot(key, value) table, or None outside a snapshot."""
    if not _table_exists(con, "_snapshot"):
        return None
    rows = con.execute("SELECT value FROM _snapshot WHERE key = ?", [key]).fetchall()
    row = rows[0] if rows else None
    return None if row is None or row[0] is None else str(row[0])


def loaded_date(con: duckdb.DuckDBPyConnection) -> dt.date:
    """The day the snapshot was loaded (today outside a snapshot)."""
    loaded = snapshot_value(con, "loaded_at")
    if loaded:
        try:
            return dt.date.fromisoformat(loaded[:10])
        except ValueError:
            pass
    return dt.date.today()


def quiet(con: duckdb.DuckDBPyConnection) -> None:
    """No DuckDB progress bar: it would be written into the JSON or CSV a command prints."""
    con.execute("SET enable_progress_bar = false").fetchall()


def default_as_at(con: duckdb.DuckDBPyConnection) -> dt.date:
    """The latest recorded date on or before the load day: the day the extract describes."""
    quiet(con)
    cap = loaded_date(con)
    parts = [
        f"SELECT max({c}) AS d FROM {t} WHERE {c} <= DATE '{cap.isoformat()}'" for t, c in recorded_date_columns()
    ]
    latest = con.execute(f"SELECT max(d) FROM ({' UNION ALL '.join(parts)})").fetchall()[0][0]
    return latest or cap


def rule_sql(rule: Rule, as_at: dt.date) -> str:
    """One rule's SQL, its reference date filled in, its columns typed and labelled with the rule."""
    body = rule.sql.replace(AS_AT, f"DATE '{as_at.isoformat()}'")
    return (
        f"SELECT '{rule.id}' AS rule_id, '{rule.severity}' AS severity, table_name, "
        "CAST(record_id AS VARCHAR) AS record_id, CAST(person_id AS VARCHAR) AS person_id, "
        "CAST(event_date AS DATE) AS event_date, CAST(team AS VARCHAR) AS team, "
        f"CAST(worker AS VARCHAR) AS worker, CAST(detail AS VARCHAR) AS detail FROM (\n{body}\n)"
    )


def _empty_findings() -> str:
    return (
        "SELECT NULL::VARCHAR AS rule_id, NULL::VARCHAR AS severity, NULL::VARCHAR AS table_name, "
        "NULL::VARCHAR AS record_id, NULL::VARCHAR AS person_id, NULL::DATE AS event_date, NULL::VARCHAR AS team, "
        "NULL::VARCHAR AS worker, NULL::VARCHAR AS detail WHERE false"
    )


def attributed_sql(inner: str, as_at: dt.date, carry: tuple[str, ...] = ()) -> str:
    """`inner` (RULE_COLUMNS without detail, plus `carry`) with team and worker filled in where it names none.

    The allocation chosen is the one covering the record's date (undated records: as_at), allocated
    social worker before other roles, latest start first; when none covers it, the child's allocation
    nearest in time (a visit dated outside every allocation was still recorded by someone).
    """
    day = f"DATE '{as_at.isoformat()}'"
    extra = "".join(f"r.{c}, " for c in carry)
    covers = (f"(i.invo_involvement_start_date <= coalesce(r.event_date, {day}) AND "
              f"(i.invo_involvement_end_date IS NULL OR i.invo_involvement_end_date >= coalesce(r.event_date, {day})))")
    return f"""
        WITH raw AS MATERIALIZED (
            SELECT row_number() OVER () AS fid, * FROM ({inner})
        ), alloc AS (
            SELECT r.fid, i.invo_professional_team AS a_team, i.invo_professional_id AS a_worker
            FROM raw r JOIN ssd_involvements i ON i.invo_person_id = r.person_id
            WHERE r.team IS NULL OR r.worker IS NULL
            QUALIFY row_number() OVER (
                PARTITION BY r.fid
                ORDER BY {covers} DESC,
                         CASE WHEN i.invo_involvement_start_date > coalesce(r.event_date, {day})
                              THEN date_diff('day', coalesce(r.event_date, {day}), i.invo_involvement_start_date)
                              ELSE date_diff('day', i.invo_involvement_end_date, coalesce(r.event_date, {day})) END,
                         (i.invo_professional_role_id = 'SW') DESC NULLS LAST,
                         i.invo_involvement_start_date DESC, i.invo_involvements_id) = 1
        )
        SELECT {extra}r.table_name, r.record_id, r.person_id, r.event_date,
               coalesce(r.team, CASE WHEN r.worker IS NOT NULL THEN own.prof_professional_department END,
                        a.a_team, alloc_w.prof_professional_department) AS team,
               coalesce(r.worker, a.a_worker) AS worker
        FROM raw r
        LEFT JOIN alloc a ON a.fid = r.fid
        LEFT JOIN ssd_professionals own ON own.prof_professional_id = r.worker
        LEFT JOIN ssd_professionals alloc_w ON alloc_w.prof_professional_id = a.a_worker
    """


def findings_sql(rules: tuple[Rule, ...] | list[Rule], as_at: dt.date) -> str:
    """One query: every rule (UNION ALL), then team and worker attribution, in a stable order."""
    union = "\nUNION ALL\n".join(rule_sql(r, as_at) for r in rules) or _empty_findings()
    severity_rank = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(SEVERITIES))
    attributed = attributed_sql(union, as_at, carry=("rule_id", "severity", "detail"))
    return f"""
        SELECT {", ".join(FINDING_COLUMNS)} FROM ({attributed})
        ORDER BY CASE severity {severity_rank} END, rule_id, table_name, record_id, detail
    """


def run(con: duckdb.DuckDBPyConnection, as_at: dt.date | None = None,
        rules: tuple[Rule, ...] | list[Rule] | None = None) -> duckdb.DuckDBPyRelation:
    """All findings (or those of `rules`) as a relation with FINDING_COLUMNS."""
    quiet(con)
    chosen = ALL_RULES if rules is None else tuple(rules)
    day = as_at or default_as_at(con)
    return con.sql(findings_sql(chosen, day))


def to_dicts(rel: duckdb.DuckDBPyRelation) -> list[dict]:
    """A relation's rows as dicts keyed by column name."""
    cols = rel.columns
    return [dict(zip(cols, row, strict=True)) for row in rel.fetchall()]
