"""Per-team data-quality summary and score, so each team sees what it can fix and leaders can watch it.

Open children: children with a child in need episode, child in need plan, child protection plan or
care episode open on the reference date (as_at). Each belongs to the team of their allocated social
worker on that date (ssd_involvements, role SW), else the team on their most recent open case record.

Findings per 100 open children, by rule: every finding attributed to the team (see engine), divided
by the team's open children, times 100. It normalises for team size; it is not a rate of children.

Data-quality score (0 to 100, higher is better), per team:
    100 - (error findings + 0.5 x warning findings) per 100 open children, floored at 0,
counting only findings on records dated in the 12 months to as_at (or undated), so the score moves
when recording improves rather than carrying six years of history. Queries do not count. A team with
no open children has no score.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from lineofsight.quality.model import AS_AT, SEVERITIES
from lineofsight.quality.sqlparts import open_on

SCORE_WEIGHTS: dict[str, float] = {"error": 1.0, "warning": 0.5, "query": 0.0}
SCORE_WINDOW_MONTHS = 12
PLURAL = {"error": "errors", "warning": "warnings", "query": "queries"}
ALL_TEAMS = "*"
"""The `team` value of the authority-wide row; None is the row for findings and children with no team."""

_OPEN_CASES = [
    ("ssd_cin_episodes", "cine_person_id", "cine_referral_team", "cine_referral_date", "cine_close_date"),
    ("ssd_cin_plans", "cinp_person_id", "cinp_cin_plan_team", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),
    ("ssd_cp_plans", "cppl_person_id", "NULL", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
    ("ssd_cla_episodes", "clae_person_id", "clae_cla_team", "clae_cla_episode_start_date", "clae_cla_episode_ceased"),
]


def open_children_sql(as_at: dt.date) -> str:
    """SQL returning (person_id, team) for every child open on as_at."""
    day = f"DATE '{as_at.isoformat()}'"
    cases = " UNION ALL ".join(
        f"SELECT {p} AS person_id, {team}::VARCHAR AS case_team, {start} AS since FROM {t} "
        f"WHERE {open_on(start, end, AS_AT)}"
        for t, p, team, start, end in _OPEN_CASES
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


def score(recent: dict[str, int], open_children: int) -> float | None:
    """The data-quality score from recent findings by severity and the open-children count."""
    if not open_children:
        return None
    penalty = sum(SCORE_WEIGHTS[s] * n for s, n in recent.items()) / open_children * 100
    return round(max(0.0, 100.0 - penalty), 1)


def _per_100(n: int, open_children: int) -> float | None:
    return round(n / open_children * 100, 1) if open_children else None


def team_summary(con: duckdb.DuckDBPyConnection, findings_source: str, as_at: dt.date) -> list[dict]:
    """One dict per team (plus the authority, team '*'): counts, per 100 open children, by rule, and score.

    findings_source is a FROM-able SQL (a parenthesised query or read_parquet(...)) of engine findings.
    """
    window_start = f"DATE '{as_at.isoformat()}' - INTERVAL {SCORE_WINDOW_MONTHS} MONTH"
    counts = con.execute(f"""
        SELECT team, rule_id, severity, count(*) AS n,
               count(*) FILTER (WHERE event_date IS NULL OR event_date > {window_start}) AS recent
        FROM {findings_source} f GROUP BY ALL
    """).fetchall()
    children = con.execute(
        f"SELECT team, count(*) FROM ({open_children_sql(as_at)}) GROUP BY team").fetchall()
    names = dict(con.execute("SELECT dept_team_id, dept_team_name FROM ssd_department").fetchall())

    open_by_team = {team: n for team, n in children}
    teams: dict[str | None, dict] = {}

    def row(team: str | None) -> dict:
        if team not in teams:
            teams[team] = {
                "team": team, "team_name": "All teams" if team == ALL_TEAMS else names.get(team, "No team" if team is None else team),
                "open_children": open_by_team.get(team, 0) if team != ALL_TEAMS else sum(open_by_team.values()),
                **{PLURAL[s]: 0 for s in SEVERITIES}, "_recent": dict.fromkeys(SEVERITIES, 0), "_rules": {},
            }
        return teams[team]

    for team in [ALL_TEAMS, *names, *open_by_team]:
        row(team)
    for team, rule_id, severity, n, recent in counts:
        for target in (row(team), row(ALL_TEAMS)):
            target[PLURAL[severity]] += n
            target["_recent"][severity] += recent
            key = (rule_id, severity)
            target["_rules"][key] = target["_rules"].get(key, 0) + n

    out = []
    for r in teams.values():
        kids = r["open_children"]
        total = sum(r[PLURAL[s]] for s in SEVERITIES)
        by_rule = sorted(
            ({"rule_id": rid, "severity": sev, "count": n, "per_100": _per_100(n, kids)} for (rid, sev), n in r["_rules"].items()),
            key=lambda d: (SEVERITIES.index(d["severity"]), -d["count"], d["rule_id"]),
        )
        out.append({
            "team": r["team"], "team_name": r["team_name"], "open_children": kids,
            **{PLURAL[s]: r[PLURAL[s]] for s in SEVERITIES},
            "findings": total, "findings_per_100": _per_100(total, kids),
            "score": score(r["_recent"], kids), "by_rule": by_rule,
        })
    out.sort(key=lambda d: (d["team"] != ALL_TEAMS, d["team"] is None, str(d["team_name"])))
    return out
