"""Referential integrity: references to people, referrals, plans, periods of care, teams or workers
that do not exist.

Declared references come from the schema (Column.references), grouped by what they point at, so a
new referencing column is checked without a new rule. The SSD also links records through columns it
does not declare as references (a conference's resulting plan, the period of care a placement,
review or visit belongs to); those are listed in UNDECLARED.
"""

from __future__ import annotations

from collections import defaultdict

from lineofsight.quality.model import Rule
from lineofsight.quality.sqlparts import record
from lineofsight.schema import TABLES

UNDECLARED: list[tuple[str, str, str]] = [
    ("ssd_initial_cp_conference", "icpc_cp_plan_id", "ssd_cp_plans.cppl_cp_plan_id"),
    ("ssd_cla_placement", "clap_cla_id", "ssd_cla_episodes.clae_cla_id"),
    ("ssd_cla_reviews", "clar_cla_id", "ssd_cla_episodes.clae_cla_id"),
    ("ssd_cla_visits", "clav_cla_id", "ssd_cla_episodes.clae_cla_id"),
    ("ssd_permanence", "perm_cla_id", "ssd_cla_episodes.clae_cla_id"),
    ("ssd_cla_episodes", "clae_cla_placement_id", "ssd_cla_placement.clap_cla_placement_id"),
]

# What each referenced key is, in words, and the rule id it gets.
TARGETS: dict[str, tuple[str, str]] = {
    "ssd_person.pers_person_id": ("unknown-person", "person"),
    "ssd_cin_episodes.cine_referral_id": ("unknown-referral", "referral"),
    "ssd_cin_assessments.cina_assessment_id": ("unknown-assessment", "assessment"),
    "ssd_s47_enquiry.s47e_s47_enquiry_id": ("unknown-s47-enquiry", "section 47 enquiry"),
    "ssd_initial_cp_conference.icpc_icpc_id": ("unknown-conference", "initial conference"),
    "ssd_cin_plans.cinp_cin_plan_id": ("unknown-cin-plan", "child in need plan"),
    "ssd_cp_plans.cppl_cp_plan_id": ("unknown-cp-plan", "child protection plan"),
    "ssd_cla_episodes.clae_cla_id": ("unknown-period-of-care", "period of care"),
    "ssd_cla_placement.clap_cla_placement_id": ("unknown-placement", "placement"),
    "ssd_department.dept_team_id": ("unknown-team", "team"),
    "ssd_professionals.prof_professional_id": ("unknown-worker", "worker"),
}


def references() -> dict[str, list[tuple[str, str]]]:
    """Referenced 'table.column' -> [(table, column) pointing at it], declared and undeclared."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for t in TABLES:
        for c in t.columns:
            if c.references:
                found[c.references].append((t.name, c.name))
    for name, column, target in UNDECLARED:
        found[target].append((name, column))
    return dict(found)


def _rule(target: str, sources: list[tuple[str, str]]) -> Rule:
    rule_id, what = TARGETS[target]
    target_table, target_column = target.split(".")
    # One anti-join against the target for all referencing columns (not one per column): set-based and fast.
    refs = "\nUNION ALL\n".join(
        f"SELECT {record(name)}, '{column}' AS ref_column, t.{column} AS ref FROM {name} t WHERE t.{column} IS NOT NULL"
        for name, column in sources
    )
    sql = f"""
        WITH refs AS ({refs})
        SELECT table_name, record_id, person_id, event_date, team, worker, ref_column || ' ' || ref || ' not found' AS detail
        FROM refs r WHERE NOT EXISTS (SELECT 1 FROM {target_table} x WHERE x.{target_column} = r.ref)
    """
    return Rule(
        id=rule_id, title=f"Reference to a {what} that does not exist", severity="error", family="referential",
        tables=tuple(dict.fromkeys([target_table, *(n for n, _ in sources)])), sql=sql,
        explanation=(
            f"The record points at a {what} that is not in the data. Whatever joins through that link (timescales, "
            "team breakdowns, the child's history) loses the record."
        ),
        fix=f"Link the record to the right {what}, or restore the {what} if it was deleted.",
    )


RULES: list[Rule] = [_rule(target, sources) for target, sources in references().items()]
