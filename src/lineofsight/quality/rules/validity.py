"""Validity: dates that cannot be (in the future, before birth), codes outside the published lists,
and ages impossible for the child's status.

Code lists are not copied here: every column that declares a code list in lineofsight.schema is
checked against schema.codes(list), so a list changed there changes the rule.
"""

from __future__ import annotations

from collections import defaultdict

from lineofsight.quality.model import AS_AT, Rule
from lineofsight.quality.sqlparts import age, quote, record
from lineofsight.schema import CODE_LISTS, TABLES, codes

PLANNED_DATES = frozenset({
    "icpc_icpc_target_date", "cppr_cp_review_due", "clar_cla_review_due_date", "pers_expected_dob",
    "immi_immigration_status_end_date", "prof_end_date",
})
"""Dates meant to be in the future (due, target, expected, planned leaving)."""

BIRTH_BOUND_TABLES: dict[str, tuple[str, ...]] = {
    "ssd_legal_status": ("lega_legal_status_start_date",),
    "ssd_cla_placement": ("clap_cla_placement_start_date",),
    "ssd_cla_visits": ("clav_cla_visit_date",),
    "ssd_cla_health": ("clah_health_check_date",),
    "ssd_missing": ("miss_missing_episode_start_date",),
    "ssd_care_leavers": ("clea_record_date",),
    "ssd_immigration_status": ("immi_immigration_status_start_date",),
}
"""Events that need a born child. Contacts, referrals, assessments, enquiries, conferences and plans
may all be pre-birth (an unborn baby can be the subject of a child protection plan), so they are not here."""


def _future_sql() -> str:
    parts = []
    for t in TABLES:
        for c in t.date_columns:
            if c in PLANNED_DATES:
                continue
            parts.append(
                f"SELECT {record(t.name)}, '{c} ' || t.{c} AS detail FROM {t.name} t WHERE t.{c} > {AS_AT}"
            )
    return "\nUNION ALL\n".join(parts)


def _before_birth_sql() -> str:
    parts = []
    for name, cols in BIRTH_BOUND_TABLES.items():
        person = next(t.person_column for t in TABLES if t.name == name)
        for c in cols:
            parts.append(
                f"SELECT {record(name)}, '{c} ' || t.{c} || ', born ' || p.pers_dob AS detail "
                f"FROM {name} t JOIN ssd_person p ON p.pers_person_id = t.{person} WHERE t.{c} < p.pers_dob"
            )
    return "\nUNION ALL\n".join(parts)


def code_columns() -> dict[str, list[tuple[str, str]]]:
    """Code list name -> [(table, column)], from the schema; flag columns use the 'flag' list."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for t in TABLES:
        for c in t.columns:
            if c.codes:
                found[c.codes].append((t.name, c.name))
            elif c.type == "flag":
                found["flag"].append((t.name, c.name))
    return dict(found)


def _code_rule(list_name: str, columns: list[tuple[str, str]]) -> Rule:
    valid = ", ".join(quote(v) for v in sorted(codes(list_name)))
    sql = "\nUNION ALL\n".join(
        f"SELECT {record(name)}, '{col} ' || quote_text AS detail "
        f"FROM (SELECT *, '''' || t0.{col} || '''' AS quote_text FROM {name} t0) t "
        f"WHERE t.{col} IS NOT NULL AND t.{col} NOT IN ({valid})"
        for name, col in columns
    )
    label = list_name.replace("_", " ")
    return Rule(
        id=f"invalid-code-{list_name.replace('_', '-')}", title=f"Code not in the {label} list",
        severity="error", family="validity", tables=tuple(sorted({n for n, _ in columns})), sql=sql,
        explanation=(
            f"The value is not one of the codes allowed for {label} (DfE CIN census, SSDA903 or SSD code list), "
            "so the record cannot be counted in returns or breakdowns that use it."
        ),
        fix=f"Choose the right {label} code on the case system; if the system offers this value, ask for its list to be corrected.",
    )


def _age_rule(rule_id: str, title: str, name: str, severity: str, condition: str, detail: str,
              explanation: str, fix: str) -> Rule:
    person = next(t.person_column for t in TABLES if t.name == name)
    return Rule(
        id=rule_id, title=title, severity=severity, family="validity", tables=(name, "ssd_person"),  # type: ignore[arg-type]
        sql=f"""
            SELECT {record(name)}, {detail} AS detail
            FROM {name} t JOIN ssd_person p ON p.pers_person_id = t.{person}
            WHERE p.pers_dob IS NOT NULL AND ({condition})
        """,
        explanation=explanation, fix=fix,
    )


_EIGHTEEN = "p.pers_dob + INTERVAL 18 YEAR"

AGE_RULES: list[Rule] = [
    _age_rule(
        "looked-after-aged-18-or-over", "Looked after on or after the 18th birthday", "ssd_cla_episodes", "error",
        f"t.clae_cla_episode_start_date >= {_EIGHTEEN} OR coalesce(t.clae_cla_episode_ceased_date, {AS_AT}) > {_EIGHTEEN}",
        f"'born ' || p.pers_dob || ', episode ' || t.clae_cla_episode_start_date || ' to ' || coalesce(t.clae_cla_episode_ceased_date::VARCHAR, 'open') || ', age ' || {age('p.pers_dob', f'coalesce(t.clae_cla_episode_ceased_date, {AS_AT})')}",
        "A child stops being looked after on their 18th birthday at the latest (Children Act 1989 s.105). "
        "An episode starting then, or still running after it, is impossible: the episode should have ended, "
        "or the date of birth is wrong.",
        "End the episode on the 18th birthday (reason E17 or the right reason ceased), or correct the date of birth.",
    ),
    _age_rule(
        "cp-plan-aged-18-or-over", "Child protection plan running after the 18th birthday", "ssd_cp_plans", "error",
        f"t.cppl_cp_plan_start_date >= {_EIGHTEEN} OR coalesce(t.cppl_cp_plan_end_date, {AS_AT}) > {_EIGHTEEN}",
        "'born ' || p.pers_dob || ', plan ' || t.cppl_cp_plan_start_date || ' to ' || coalesce(t.cppl_cp_plan_end_date::VARCHAR, 'open')",
        "Child protection plans are for children; a plan starting at 18 or still open after the 18th birthday "
        "cannot be right.",
        "End the plan at the date it actually ended, or correct the date of birth.",
    ),
    _age_rule(
        "care-leaver-under-16", "Care leaver record for a child under 16", "ssd_care_leavers", "error",
        f"{age('p.pers_dob', 't.clea_record_date')} < 16",
        f"'born ' || p.pers_dob || ', recorded ' || t.clea_record_date || ', age ' || {age('p.pers_dob', 't.clea_record_date')}",
        "Care leaver status (eligible, relevant, former relevant) starts at 16 at the earliest; a care leaver "
        "record for a younger child is on the wrong child or has the wrong date of birth.",
        "Check the date of birth and that the record belongs to this young person.",
    ),
    _age_rule(
        "care-leaver-over-25", "Care leaver record for someone over 25", "ssd_care_leavers", "warning",
        f"{age('p.pers_dob', 't.clea_record_date')} >= 26",
        f"'born ' || p.pers_dob || ', recorded ' || t.clea_record_date || ', age ' || {age('p.pers_dob', 't.clea_record_date')}",
        "Care leavers are entitled to support up to age 25 (Children and Social Work Act 2017); a status "
        "recorded after that is probably on the wrong person or has the wrong date of birth.",
        "Check the date of birth; close the care leaver involvement if support ended.",
    ),
]

RULES: list[Rule] = [
    Rule(
        id="date-in-future", title="Date after the snapshot's reference date",
        severity="error", family="validity", tables=tuple(t.name for t in TABLES if t.date_columns),
        sql=_future_sql(),
        explanation=(
            "The date is after the day the data describes (the snapshot's reference date). Events cannot have "
            "happened yet; this is usually a mistyped year."
        ),
        fix="Correct the date from the source record.",
    ),
    Rule(
        id="date-before-birth", title="Event for a born child dated before the date of birth",
        severity="error", family="validity", tables=(*BIRTH_BOUND_TABLES, "ssd_person"),
        sql=_before_birth_sql(),
        explanation=(
            "A legal status, placement, looked-after visit, health check, missing episode, care leaver record or "
            "immigration status is dated before the child was born."
        ),
        fix="Check the date of birth and the event date; correct the wrong one.",
    ),
    Rule(
        id="conference-on-weekend", title="Initial child protection conference dated on a Saturday or Sunday",
        severity="error", family="validity", tables=("ssd_initial_cp_conference",),
        sql=f"""
            SELECT {record('ssd_initial_cp_conference')}, 'conference ' || t.icpc_icpc_date || ', a ' || dayname(t.icpc_icpc_date) AS detail
            FROM ssd_initial_cp_conference t
            WHERE isodow(t.icpc_icpc_date) IN (6, 7)
        """,
        explanation=(
            "Initial child protection conferences are held on working days; one dated on a weekend is almost always "
            "mistyped, and the CIN census rejects it (DfE rule 8875)."
        ),
        fix="Correct the conference date from the conference minutes.",
        dfe_rules=("8875",),
    ),
    *AGE_RULES,
    *[_code_rule(name, cols) for name, cols in sorted(code_columns().items()) if name in CODE_LISTS],
]
