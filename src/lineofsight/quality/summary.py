"""Per-team data-quality summary and score, so each team sees what it can fix and leaders can watch it.

Open cases: children with a child in need episode, child in need plan, child protection plan or care
episode open on the reference date (as_at), and care leavers with a personal adviser allocated then.
Each belongs to the team of their allocated social worker on that date (ssd_involvements, role SW),
else the team on their most recent open case record or allocation.

Findings per 100 open cases, by rule: every finding attributed to the team (see engine), divided by
the team's open cases, times 100. It normalises for team size; it is not a rate of children.

Data-quality score (0 to 100, higher is better), per team: the share of the team's case records
dated in the 12 months to as_at that carry no finding, a record with only warnings counting half:
    score = 100 x (records - records with an error - 0.5 x records with warnings only) / records.
Records are rows of the case-recording tables (SCORED_TABLES), attributed to teams exactly as
findings are. Queries do not count. The 12-month window makes the score move when recording
improves instead of carrying six years of history; a team with no records in it has no score.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from lineofsight.quality import engine
from lineofsight.quality.model import AS_AT, SEVERITIES
from lineofsight.quality.sqlparts import date_column, open_on, record

SCORE_WINDOW_MONTHS = 12
WARNING_WEIGHT = 0.5
PLURAL = {"error": "errors", "warning": "warnings", "query": "queries"}
ALL_TEAMS = "*"
"""The `team` value of the authority-wide row; None is the row for findings and cases with no team."""

SCORED_TABLES: tuple[str, ...] = (
    "ssd_contacts", "ssd_cin_episodes", "ssd_cin_assessments", "ssd_cin_plans", "ssd_cin_visits",
    "ssd_s47_enquiry", "ssd_initial_cp_conference", "ssd_cp_plans", "ssd_cp_visits", "ssd_cp_reviews",
    "ssd_cla_episodes", "ssd_cla_placement", "ssd_cla_visits", "ssd_cla_reviews", "ssd_legal_status",
    "ssd_missing", "ssd_care_leavers", "ssd_involvements",
)
"""The case records a team writes, and whose quality the score measures."""

_OPEN_CASES = [
    ("ssd_cin_episodes", "cine_person_id", "cine_referral_team", "cine_referral_date", "cine_close_date", "true"),
    ("ssd_cin_plans", "cinp_person_id", "cinp_cin_plan_team", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date", "true"),
    ("ssd_cp_plans", "cppl_person_id", "NULL", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", "true"),
    ("ssd_cla_episodes", "clae_person_id", "clae_cla_team", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date", "true"),
    ("ssd_involvements", "invo_person_id", "invo_professional_team", "invo_involvement_start_date",
     "invo_involvement_end_date", "invo_professional_role_id = 'PA'"),
]


def _day(as_at: dt.date) -> str:
    return f"DATE '{as_at.isoformat()}'"


def open_children_sql(as_at: dt.date) -> str:
    """SQL returning (person_id, team) for every child or care leaver with a case open on as_at."""
    day = _day(as_at)
    cases = " UNION ALL ".join(
        f"SELECT {p} AS person_id, {team}::VARCHAR AS case_team, {start} AS since FROM {t} "
        f"WHERE {where} AND {open_on(start, end, AS_AT)}"
        for t, p, team, start, end, where in _OPEN_CASES
    ).replace(AS_AT, day)
    sw_open = open_on("invo_involvement_start_date", "invo_involvement_end_date", day)
    return f"""
        WITH open_cases AS ({cases}),
        by_child AS (
            SELECT person_id, arg_max(case_team, since) FILTER (WHERE case_team IS NOT NULL) AS case_team
            FROM open_cases GROUP BY person_id
        ),
        sw AS (
            SELECT invo_person_id AS person_id, arg_max(invo_professional_team, invo_involvement_start_date) AS sw_team
            FROM ssd_involvements WHERE invo_professional_role_id = 'SW' AND {sw_open} GROUP BY invo_person_id
        )
        SELECT c.person_id, coalesce(sw.sw_team, c.case_team) AS team FROM by_child c LEFT JOIN sw USING (person_id)
    """


def scored_records_sql(as_at: dt.date) -> str:
    """SQL of every case record dated in the score window, attributed to a team as findings are."""
    day = _day(as_at)
    window = f"{day} - INTERVAL {SCORE_WINDOW_MONTHS} MONTH"
    union = " UNION ALL ".join(
        f"SELECT {record(name)} FROM {name} t WHERE t.{date_column(name)} > {window} AND t.{date_column(name)} <= {day}"
        for name in SCORED_TABLES
    )
    return engine.attributed_sql(union, as_at)


def score(records: int, error_records: int, warning_records: int) -> float | None:
    """The data-quality score from counts of recent records: all, with an error, with warnings only."""
    if not records:
        return None
    return round(100.0 * (records - error_records - WARNING_WEIGHT * warning_records) / records, 1)


def _per_100(n: int, open_children: int) -> float | None:
    return round(n / open_children * 100, 1) if open_children else None


def team_summary(con: duckdb.DuckDBPyConnection, findings_source: str, as_at: dt.date) -> list[dict]:
    """One dict per team (plus the authority, team '*'): open cases, findings by severity and by rule
    (count and per 100 open cases), recent records and the score.

    findings_source is a FROM-able SQL (a parenthesised query or read_parquet(...)) of engine findings.
    """
    engine.quiet(con)
    counts = con.execute(
        f"SELECT team, rule_id, severity, count(*) AS n FROM {findings_source} f GROUP BY ALL").fetchall()
    children = con.execute(f"SELECT team, count(*) FROM ({open_children_sql(as_at)}) GROUP BY team").fetchall()
    scored = con.execute(f"""
        WITH flags AS (
            SELECT table_name, record_id, bool_or(severity = 'error') AS has_error,
                   bool_or(severity = 'warning') AS has_warning
            FROM {findings_source} f GROUP BY table_name, record_id
        )
        SELECT r.team, count(*), count(*) FILTER (WHERE f.has_error),
               count(*) FILTER (WHERE NOT coalesce(f.has_error, false) AND f.has_warning)
        FROM ({scored_records_sql(as_at)}) r LEFT JOIN flags f USING (table_name, record_id)
        GROUP BY r.team
    """).fetchall()
    names = dict(con.execute("SELECT dept_team_id, dept_team_name FROM ssd_department").fetchall())

    open_by_team = dict(children)
    teams: dict[str | None, dict] = {}

    def row(team: str | None) -> dict:
        if team not in teams:
            teams[team] = {
                "team": team,
                "team_name": "All teams" if team == ALL_TEAMS else names.get(team, "No team" if team is None else team),
                "open_children": open_by_team.get(team, 0) if team != ALL_TEAMS else sum(open_by_team.values()),
                **{PLURAL[s]: 0 for s in SEVERITIES}, "_rules": {}, "_scored": [0, 0, 0],
            }
        return teams[team]

    for team in [ALL_TEAMS, *names, *open_by_team]:
        row(team)
    for team, rule_id, severity, n in counts:
        for target in (row(team), row(ALL_TEAMS)):
            target[PLURAL[severity]] += n
            key = (rule_id, severity)
            target["_rules"][key] = target["_rules"].get(key, 0) + n
    for team, *numbers in scored:
        for target in (row(team), row(ALL_TEAMS)):
            target["_scored"] = [a + b for a, b in zip(target["_scored"], numbers, strict=True)]

    out = []
    for r in teams.values():
        kids = r["open_children"]
        total = sum(r[PLURAL[s]] for s in SEVERITIES)
        by_rule = sorted(
            ({"rule_id": rid, "severity": sev, "count": n, "per_100": _per_100(n, kids)}
             for (rid, sev), n in r["_rules"].items()),
            key=lambda d: (SEVERITIES.index(d["severity"]), -d["count"], d["rule_id"]),
        )
        records, error_records, warning_records = r["_scored"]
        out.append({
            "team": r["team"], "team_name": r["team_name"], "open_children": kids,
            **{PLURAL[s]: r[PLURAL[s]] for s in SEVERITIES},
            "findings": total, "findings_per_100": _per_100(total, kids),
            "recent_records": records, "recent_error_records": error_records,
            "recent_warning_records": warning_records,
            "score": score(records, error_records, warning_records), "by_rule": by_rule,
        })
    out.sort(key=lambda d: (d["team"] != ALL_TEAMS, d["team"] is None, str(d["team_name"])))
    return out
