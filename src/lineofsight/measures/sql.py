"""SQL fragments shared by the catalogue modules, so each definition reads like its published wording."""

from __future__ import annotations

# The visit rule and the open-ended date are the warehouse's derived tables' own, so the two agree.
from lineofsight.warehouse.derived import FAR_FUTURE, seen  # noqa: F401


def in_window(date: str) -> str:
    """The date falls in the window (both ends inclusive)."""
    return f"{date} BETWEEN p.period_start AND p.period_end"


def overlaps_window(start: str, end: str) -> str:
    """The state ran on at least one day of the window (running into it, or ending on its first day)."""
    return f"{start} <= p.period_end AND coalesce({end}, {FAR_FUTURE}) >= p.period_start"


def decided(*parts: str) -> str:
    """'label ' || value pieces joined with '; ', skipping empty ones: the dates that decided a result."""
    return "concat_ws('; ', " + ", ".join(parts) + ")"


def latest(key: str, **columns: str) -> str:
    """The columns of the row with the greatest `key` in each group: one row per child and window without a
    window function over every (window, record) pair (issue 14). `key` must be unique within a group, e.g.
    (start date, id), so that every column comes from the same row; arg_max_null keeps that row's empty
    values (arg_max would skip to an older row's); rows whose key is NULL are never chosen."""
    return ", ".join(f"arg_max_null({expr}, {key}) AS {name}" for name, expr in columns.items())


def latest_event(spells: str, alias: str, rows: str) -> str:
    """Join target for the child's latest event on or before each row's period_end (NULL when none), from one
    of the warehouse's last-event spell tables (warehouse/derived.py): the same row an ASOF join would find,
    without sorting the event table in every query."""
    return (f"{spells} {alias} ON {alias}.person_id = {rows}.person_id AND {alias}.event_date <= {rows}.period_end "
            f"AND {alias}.next_date > {rows}.period_end")


# Episodes of care without short-breaks-only care, and care_start, the start of the continuous period of
# care each belongs to: built once per snapshot by the warehouse (warehouse/derived.py, where the
# definition is written out).
CARE_EPISODES = "care AS (SELECT * FROM derived_care_episodes)"

# One row per child looked after at the end of each window (the latest episode if records overlap), from
# the spells the warehouse derives once per snapshot (warehouse/derived.py).
LOOKED_AFTER_AT_END = """looked_after AS (
    SELECT p.period_id, p.period_start, p.period_end, s.episode_id, s.person_id, s.start_date, s.end_date,
           s.start_reason, s.ceased_reason, s.team, s.care_start
    FROM derived_looked_after_spells s JOIN periods p ON p.period_end BETWEEN s.spell_start AND s.spell_end
)"""
LOOKED_AFTER = f"{CARE_EPISODES},\n{LOOKED_AFTER_AT_END}"

# The placement each child looked after was in at the end of the window, with the one before it.
CURRENT_PLACEMENT = f"""placements AS (
    SELECT clap_cla_placement_id AS placement_id, clap_person_id AS person_id,
           clap_cla_placement_start_date AS start_date, clap_cla_placement_end_date AS end_date,
           clap_cla_placement_type AS placement_type, clap_cla_placement_distance AS distance,
           clap_cla_placement_unregistered AS unregistered, clap_cla_placement_long_term AS long_term,
           lag(clap_cla_placement_start_date) OVER (
               PARTITION BY clap_person_id ORDER BY clap_cla_placement_start_date, clap_cla_placement_id) AS previous_start
    FROM ssd_cla_placement
),
placed AS (
    SELECT la.period_id, la.period_end, la.person_id, la.team, la.care_start, la.start_date AS episode_start,
           {latest('CASE WHEN pl.placement_id IS NOT NULL THEN (pl.start_date, pl.placement_id) END',
                   placement_id='pl.placement_id', placement_start='pl.start_date',
                   placement_type='pl.placement_type', distance='pl.distance', unregistered='pl.unregistered',
                   long_term='pl.long_term', previous_start='pl.previous_start')}
    FROM looked_after la
    LEFT JOIN placements pl ON pl.person_id = la.person_id AND pl.start_date <= la.period_end
         AND coalesce(pl.end_date, {FAR_FUTURE}) > la.period_end
    GROUP BY ALL
)"""

# The latest care leaver record on or before each window end, for every young person recorded by then
# (the records with the date of the next one come from the warehouse: warehouse/derived.py).
CARE_LEAVERS_AT_END = """leavers AS (
    SELECT p.period_id, p.period_end, r.clea_person_id AS person_id, r.*, age_years(per.pers_dob, p.period_end) AS age
    FROM derived_care_leaver_records r
    JOIN periods p ON p.period_end >= r.clea_record_date AND p.period_end < r.next_record
    LEFT JOIN ssd_person per ON per.pers_person_id = r.clea_person_id
)"""
