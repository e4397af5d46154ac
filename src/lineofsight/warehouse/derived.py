"""Tables derived once per snapshot at load, so that measures join to them instead of re-deriving them in
every query (issue 14: 14 measure queries rebuilt the episodes of care, and every team breakdown looked up
each child's allocation among all their allocations).

The warehouse builds them (data flows one way: measures only read them). A snapshot written before they
existed gets them on first use: `ensure` creates each missing one as a temporary table on a read-only
connection (a snapshot, which never changes) or as a temporary view on any other (which may, as in tests).
"""

from __future__ import annotations

import duckdb

FAR_FUTURE = "DATE '9999-12-31'"

# Episodes of care, without children looked after only under a series of short breaks (legal status
# V3/V4 at the episode's start), as DfE's looked-after statistics exclude them. care_start is the
# start of the continuous period of care the episode belongs to (clae_entered_care_date, else the
# first episode with the same clae_cla_id).
CARE_EPISODES = f"""
SELECT e.clae_cla_episode_id AS episode_id, e.clae_person_id AS person_id,
       e.clae_cla_episode_start_date AS start_date, e.clae_cla_episode_ceased_date AS end_date,
       e.clae_cla_episode_start_reason AS start_reason, e.clae_cla_episode_ceased_reason AS ceased_reason,
       e.clae_cla_team AS team,
       coalesce(e.clae_entered_care_date, min(e.clae_cla_episode_start_date) OVER (
           PARTITION BY e.clae_person_id, coalesce(e.clae_cla_id, e.clae_cla_episode_id))) AS care_start
FROM ssd_cla_episodes e
WHERE NOT EXISTS (
    SELECT 1 FROM ssd_legal_status l
    WHERE l.lega_person_id = e.clae_person_id AND l.lega_legal_status IN ('V3', 'V4')
      AND l.lega_legal_status_start_date <= e.clae_cla_episode_start_date
      AND coalesce(l.lega_legal_status_end_date, {FAR_FUTURE}) > e.clae_cla_episode_start_date)"""

# Periods of care: one per child and care_start, ending with its last episode (open while any is open).
CARE_PERIODS = """
SELECT person_id, care_start, CASE WHEN count(*) > count(end_date) THEN NULL ELSE max(end_date) END AS care_end
FROM derived_care_episodes GROUP BY ALL"""

# Child protection plans made by this authority (a plan held by another authority, cppl_cp_plan_ola Y,
# is theirs).
CP_PLANS = """
SELECT cppl_cp_plan_id AS plan_id, cppl_person_id AS person_id, cppl_cp_plan_start_date AS start_date,
       cppl_cp_plan_end_date AS end_date
FROM ssd_cp_plans WHERE coalesce(cppl_cp_plan_ola, 'N') <> 'Y'"""

# Allocation spells: each child's days cut where any social worker allocation (role SW; an empty role is
# taken as SW) starts or ends, with the team and worker of the allocation running then that started last
# (each of team and worker from the latest allocation that records one). Spells never overlap, so the
# allocation on a date is one equality-and-range join, not a search of every allocation.
ALLOCATION_SPELLS = f"""
WITH alloc AS (
    SELECT invo_person_id AS person_id, invo_involvement_start_date AS a_start,
           coalesce(invo_involvement_end_date, {FAR_FUTURE}) AS a_end,
           invo_professional_team AS team, invo_professional_id AS worker
    FROM ssd_involvements
    WHERE coalesce(invo_professional_role_id, 'SW') = 'SW' AND invo_involvement_start_date IS NOT NULL
      AND invo_person_id IS NOT NULL
),
cuts AS (
    SELECT DISTINCT person_id, a_start AS cut FROM alloc
    UNION SELECT DISTINCT person_id, a_end + 1 FROM alloc WHERE a_end < {FAR_FUTURE}
),
spells AS (
    SELECT person_id, cut AS spell_start,
           coalesce(lead(cut) OVER (PARTITION BY person_id ORDER BY cut) - 1, {FAR_FUTURE}) AS spell_end
    FROM cuts
)
SELECT s.person_id, s.spell_start, s.spell_end, arg_max(a.team, a.a_start) AS team,
       arg_max(a.worker, a.a_start) AS worker
FROM spells s JOIN alloc a ON a.person_id = s.person_id AND a.a_start <= s.spell_start AND a.a_end >= s.spell_start
GROUP BY ALL"""

def open_spells(records: str, rid: str, start: str, end: str, columns: tuple[str, ...]) -> str:
    """Each child's days cut where one of their records opens or closes, holding the record open then (started
    on or before the day, and not ended by it: an end on the day has ended it) that started last (then the
    greatest id): `rid`, the start as start_date, and `columns`, all from that one record. A child's record at
    any date is then one row, found without grouping every (date, record) pair (issue 14)."""
    latest = "".join(f",\n       arg_max_null(r.{c}, (r.start_date, r.{rid})) AS {c}" for c in (rid, *columns))
    return f"""
WITH r AS (
    SELECT * EXCLUDE ({start}), {start} AS start_date, coalesce({end}, {FAR_FUTURE}) AS open_until
    FROM ({records}) WHERE {start} IS NOT NULL
),
cuts AS (
    SELECT person_id, start_date AS cut FROM r
    UNION SELECT person_id, open_until FROM r WHERE open_until < {FAR_FUTURE}
),
spells AS (
    SELECT person_id, cut AS spell_start,
           coalesce(lead(cut) OVER (PARTITION BY person_id ORDER BY cut) - 1, {FAR_FUTURE}) AS spell_end
    FROM cuts
)
SELECT s.person_id, s.spell_start, s.spell_end, max(r.start_date) AS start_date{latest}
FROM spells s JOIN r ON r.person_id IS NOT DISTINCT FROM s.person_id AND r.start_date <= s.spell_start
     AND r.open_until > s.spell_start
GROUP BY ALL"""


# Open cases: the CIN episode open then (referred, not closed) that was referred last.
CIN_OPEN_SPELLS = open_spells(
    "SELECT cine_referral_id AS episode_id, cine_person_id AS person_id, cine_referral_date, cine_close_date, "
    "cine_referral_team AS team, cine_referral_worker_id AS worker FROM ssd_cin_episodes",
    "episode_id", "cine_referral_date", "cine_close_date", ("team", "worker"))
# Children on a CIN plan: the plan running then that started last.
CIN_PLAN_SPELLS = open_spells(
    "SELECT cinp_cin_plan_id AS plan_id, cinp_person_id AS person_id, cinp_cin_plan_start_date, "
    "cinp_cin_plan_end_date, cinp_cin_plan_team AS team, cinp_cin_plan_worker_id AS worker FROM ssd_cin_plans",
    "plan_id", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date", ("team", "worker"))
# Children on a CP plan (this authority's): the plan running then that started last.
CP_PLAN_SPELLS = open_spells(
    "SELECT plan_id, person_id, start_date AS plan_start, end_date FROM derived_cp_plans",
    "plan_id", "plan_start", "end_date", ("end_date",))
# Children looked after: the episode of care running then that started last.
LOOKED_AFTER_SPELLS = open_spells(
    "SELECT episode_id, person_id, start_date AS episode_start, end_date, start_reason, ceased_reason, team, "
    "care_start FROM derived_care_episodes",
    "episode_id", "episode_start", "end_date", ("end_date", "start_reason", "ceased_reason", "team", "care_start"))


def last_event_spells(events: str) -> str:
    """Each child's dated events (`events` gives person_id and event_date) as spells: an event and the date of
    the child's next one, so "the latest event on or before each window end" is an equality-and-range join
    instead of an ASOF join that sorts the whole event table in every query (issue 14: the ASOF joins were a
    third of the cold series and half of the cold window)."""
    return f"""
SELECT person_id, event_date,
       coalesce(lead(event_date) OVER (PARTITION BY person_id ORDER BY event_date), {FAR_FUTURE}) AS next_date
FROM (SELECT DISTINCT person_id, event_date FROM ({events}) WHERE person_id IS NOT NULL AND event_date IS NOT NULL)"""


def seen(flag: str) -> str:
    """A visit counts unless it records that the child was not seen (the SSD often leaves it empty).
    Shared with the measures (measures/sql.py), so the visit tables and the measures agree."""
    return f"coalesce({flag}, 'Y') <> 'N'"


LAST_SUPERVISION = last_event_spells(
    "SELECT exts_person_id AS person_id, exts_supervision_date AS event_date FROM ext_case_supervision")
LAST_CIN_VISIT = last_event_spells(
    "SELECT cinv_person_id AS person_id, cinv_cin_visit_date AS event_date FROM ssd_cin_visits "
    f"WHERE {seen('cinv_cin_visit_seen')}")
LAST_CP_VISIT = last_event_spells(
    "SELECT cppv_person_id AS person_id, cppv_cp_visit_date AS event_date FROM ssd_cp_visits "
    f"WHERE {seen('cppv_cp_visit_seen')}")
LAST_CLA_VISIT = last_event_spells(
    "SELECT clav_person_id AS person_id, clav_cla_visit_date AS event_date FROM ssd_cla_visits "
    f"WHERE {seen('clav_cla_visit_seen')}")
LAST_HEALTH_ASSESSMENT = last_event_spells(
    "SELECT clah_person_id AS person_id, clah_health_check_date AS event_date FROM ssd_cla_health "
    "WHERE lower(clah_health_check_type) LIKE '%health assessment%'")
# Care leaver records, each with the date of the young person's next one: the record in force on a date is
# then a range join (an ASOF join sorted the table in every care leaver query). Of records on the same date
# the one with the greatest id is in force.
CARE_LEAVER_RECORDS = f"""
SELECT r.*, coalesce(lead(r.clea_record_date) OVER (
           PARTITION BY r.clea_person_id ORDER BY r.clea_record_date, r.clea_table_id), {FAR_FUTURE}) AS next_record
FROM ssd_care_leavers r WHERE r.clea_person_id IS NOT NULL AND r.clea_record_date IS NOT NULL"""

# In build order (care periods read the care episodes).
DERIVED: dict[str, str] = {
    "derived_care_episodes": CARE_EPISODES,
    "derived_care_periods": CARE_PERIODS,
    "derived_cp_plans": CP_PLANS,
    "derived_allocation_spells": ALLOCATION_SPELLS,
    "derived_cin_open_spells": CIN_OPEN_SPELLS,
    "derived_cin_plan_spells": CIN_PLAN_SPELLS,
    "derived_cp_plan_spells": CP_PLAN_SPELLS,
    "derived_looked_after_spells": LOOKED_AFTER_SPELLS,
    "derived_last_supervision": LAST_SUPERVISION,
    "derived_last_cin_visit": LAST_CIN_VISIT,
    "derived_last_cp_visit": LAST_CP_VISIT,
    "derived_last_cla_visit": LAST_CLA_VISIT,
    "derived_last_health_assessment": LAST_HEALTH_ASSESSMENT,
    "derived_care_leaver_records": CARE_LEAVER_RECORDS,
}


def create_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Build every derived table in the snapshot being written (after its SSD tables)."""
    for name, sql in DERIVED.items():
        con.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}")


def _exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    try:
        con.execute(f"SELECT 1 FROM {name} LIMIT 0")
    except duckdb.CatalogException:
        return False
    return True


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Make every derived table readable on `con`: a read-only snapshot from before they existed gets
    temporary tables (built once; it never changes), a writable database temporary views (always current)."""
    read_only = con.execute(
        "SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    kind = "TABLE" if read_only and read_only[0] else "VIEW"
    for name, sql in DERIVED.items():
        if not _exists(con, name):
            con.execute(f"CREATE OR REPLACE TEMP {kind} {name} AS {sql}")
