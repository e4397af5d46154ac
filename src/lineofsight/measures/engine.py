"""Compile a measure's population query into set-based DuckDB SQL: one query per measure and series.

The engine wraps the population (see model.py) with the windows (`periods`), the child's
attributes for breakdowns (age band, sex, ethnicity group, disability, UASC at the date), the
responsible team and worker (the record's own, else the child's allocated social worker on the
date: the allocation running that day that started last), and GROUPING SETS so that the total and every breakdown cell of every window come from one
pass. Nothing here loops over records or months in Python.

A series of whole-month windows of an in_period count, share, rate or mean is computed from months: each
record is placed once in its calendar month and each window adds up its months (by_month_sql); medians
and the measures that count a child once per window keep the exact path. Allocations, episodes of care,
plans, open cases and each child's latest visit, supervision, health assessment or care leaver record on a
date come from tables the warehouse derives once per snapshot (warehouse/derived.py).
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Sequence

import duckdb

from lineofsight.measures.model import DIMENSIONS, Measure
from lineofsight.measures.periods import PERIODS_SQL, Period, periods_params
from lineofsight.schema.authority import Authority
from lineofsight.warehouse import derived

FAR_FUTURE = "DATE '9999-12-31'"

# Working days (day 0 = the start date), a date n working days on, and age in whole years (a child
# born on 29 February has a birthday on 1 March in other years, as in English law).
MACROS = (
    "CREATE OR REPLACE TEMP MACRO wd(d) AS (SELECT wd_index FROM ref_calendar WHERE cal_date = d)",
    # One join inside the subquery rather than a nested one: DuckDB decorrelates it into hash joins.
    "CREATE OR REPLACE TEMP MACRO add_wd(d, n) AS (SELECT w.cal_date FROM ref_calendar c "
    "JOIN ref_calendar w ON w.wd_index = c.wd_index + n AND w.is_working_day WHERE c.cal_date = d)",
    "CREATE OR REPLACE TEMP MACRO age_years(dob, d) AS "
    "(year(d) - year(dob) - CASE WHEN month(d) < month(dob) OR (month(d) = month(dob) AND day(d) < day(dob)) "
    "THEN 1 ELSE 0 END)",
)

# DfE age bands (CIN census and SSDA903 publications), at the event date or the snapshot date. The band
# of each whole year of age is looked up in a list, so that age_years runs once per row, not up to five
# times in a chain of WHENs (issue 14: a third less time for the age breakdown, the same bands).
AGE_BANDS = ("Unborn", "Under 1", "1 to 4", "5 to 9", "10 to 15", "16 to 17", "18 and over", "Not recorded")
BAND_OF_YEARS = ["Under 1"] + ["1 to 4"] * 4 + ["5 to 9"] * 5 + ["10 to 15"] * 6 + ["16 to 17"] * 2 + ["18 and over"]
AGE_SQL = f"""CASE WHEN per.pers_dob IS NULL OR e.as_at IS NULL THEN 'Not recorded'
         WHEN e.as_at < per.pers_dob THEN 'Unborn'
         ELSE {BAND_OF_YEARS!r}[least(age_years(per.pers_dob, e.as_at), {len(BAND_OF_YEARS) - 1}) + 1] END"""
SEX_SQL = "CASE per.pers_sex WHEN 'M' THEN 'Male' WHEN 'F' THEN 'Female' ELSE 'Unknown' END"
# DfE major ethnic groups; Chinese sits in "Other ethnic group" as in DfE's children's publications.
ETHNICITY_SQL = """CASE WHEN per.pers_ethnicity IS NULL OR per.pers_ethnicity IN ('REFU', 'NOBT') THEN 'Refused or not obtained'
         WHEN per.pers_ethnicity LIKE 'W%' THEN 'White' WHEN per.pers_ethnicity LIKE 'M%' THEN 'Mixed'
         WHEN per.pers_ethnicity LIKE 'A%' THEN 'Asian' WHEN per.pers_ethnicity LIKE 'B%' THEN 'Black'
         ELSE 'Other' END"""
DISABILITY_SQL = "CASE WHEN dis.person_id IS NULL THEN 'Not disabled' ELSE 'Disabled' END"
UASC_SQL = f"""CASE WHEN EXISTS (
            SELECT 1 FROM ssd_immigration_status i WHERE i.immi_person_id = e.person_id
            AND i.immi_immigration_status = 'UASC' AND i.immi_immigration_status_start_date <= e.as_at
            AND coalesce(i.immi_immigration_status_end_date, {FAR_FUTURE}) >= e.as_at) THEN 'UASC' ELSE 'Not UASC' END"""

DIMENSION_SQL: dict[str, str] = {
    "team": "coalesce(e.team, 'Not recorded')",
    "worker": "coalesce(e.worker, 'Not recorded')",
    "age": AGE_SQL,
    "sex": SEX_SQL,
    "ethnicity": ETHNICITY_SQL,
    "disability": DISABILITY_SQL,
    "uasc": UASC_SQL,
}


class MeasureError(ValueError):
    """A request the measures cannot answer (unknown measure, breakdown or cell)."""


_PREPARED: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Create the temporary macros the measure SQL uses (safe on read-only snapshot connections), once
    per connection: a cold series run called it for every measure, 258 statements (issue 14).

    No measure uses an ASOF join any more ("the latest visit on or before each window end" joins the
    warehouse's last-event spells), so the ASOF join setting the engine used to make is gone.
    """
    if con in _PREPARED:
        return
    derived.ensure(con)
    for sql in MACROS:
        con.execute(sql)
    _PREPARED.add(con)


def population_sql(measure: Measure, authority: Authority) -> str:
    """The measure's population query with the authority's local standards filled in."""
    return measure.sql.format_map(authority.standards)


def check_dimensions(measure: Measure, dims: Sequence[str]) -> None:
    for d in dims:
        if d not in DIMENSIONS:
            raise MeasureError(f"unknown breakdown {d!r}: choose from {', '.join(DIMENSIONS)}")
        if d not in measure.breakdowns:
            raise MeasureError(f"{measure.id} cannot be broken down by {d} (it supports {', '.join(measure.breakdowns)})")


# The requested windows as `windows`, and `periods` as one window spanning them all: the population
# query then places each record once, not once per window it falls in.
SPAN_SQL = PERIODS_SQL.replace("periods AS", "windows AS", 1) + """,
periods AS (
    SELECT 0::INTEGER AS period_id, min(period_start) AS period_start, max(period_end) AS period_end,
           NULL::BIGINT AS population
    FROM windows
)"""


def _enriched_sql(measure: Measure, authority: Authority, dims: Sequence[str],
                  fill: tuple[str, ...] = (), span: bool = False) -> str:
    """CTEs down to `enriched`: population rows with as_at, team/worker and the requested dimensions.

    `fill` names what the allocation must stand in for where the record has none ("team", "worker"):
    only rows missing what is asked for are looked up (a team breakdown of records whose team is
    recorded needs no lookup at all; issue 14 measured 5.4 s -> 3.9 s on the series)."""
    staffed = bool(fill)
    as_at = "pr.period_end" if measure.period_type == "snapshot" else "pop.event_date"
    ctes = [
        SPAN_SQL if span else PERIODS_SQL,
        f"pop AS (\n{population_sql(measure, authority)}\n)",
        f"""base AS (
    SELECT pop.period_id, pop.record_id, pop.person_id, pop.team, pop.worker, pop.event_date,
           coalesce(pop.in_numerator, FALSE) AS in_numerator, pop.value::DOUBLE AS value, pop.due_date,
           pop.decided_by, {as_at} AS as_at, pr.period_end, pr.population
    FROM pop JOIN periods pr USING (period_id)
)""",
    ]
    if staffed:
        # Attribute each distinct (child, date) once, not each row: an in_period record sits in 13
        # windows of a monthly series, and the allocation lookup is the expensive step.
        missing = " OR ".join(f"{f} IS NULL" for f in fill)
        ctes.append(f"""needed AS (
    SELECT DISTINCT person_id, as_at FROM base
    WHERE ({missing}) AND person_id IS NOT NULL AND as_at IS NOT NULL
)""")
        # The allocation spells (warehouse/derived.py) never overlap: at most one holds each date.
        ctes.append("""attributed AS (
    SELECT n.person_id, n.as_at, s.team AS a_team, s.worker AS a_worker
    FROM needed n JOIN derived_allocation_spells s ON s.person_id = n.person_id
         AND n.as_at BETWEEN s.spell_start AND s.spell_end
)""")
        team = "coalesce(b.team, t.a_team)" if "team" in fill else "b.team"
        worker = "coalesce(b.worker, t.a_worker)" if "worker" in fill else "b.worker"
        ctes.append(f"""staffed AS (
    SELECT b.* EXCLUDE (team, worker), {team} AS team, {worker} AS worker
    FROM base b LEFT JOIN attributed t ON t.person_id = b.person_id AND t.as_at = b.as_at
)""")
    source = "staffed" if staffed else "base"
    joins = ""
    if set(dims) & {"age", "sex", "ethnicity"}:
        joins += "\n    LEFT JOIN ssd_person per ON per.pers_person_id = e.person_id"
    if "disability" in dims:
        joins += (
            "\n    LEFT JOIN (SELECT DISTINCT disa_person_id AS person_id FROM ssd_disability"
            " WHERE disa_disability_code IS NOT NULL AND disa_disability_code <> 'NONE') dis ON dis.person_id = e.person_id"
        )
    cols = "".join(f",\n           {DIMENSION_SQL[d]} AS d_{d}" for d in dims)
    ctes.append(f"enriched AS (\n    SELECT e.*{cols}\n    FROM {source} e{joins}\n)")
    return "WITH " + ",\n".join(ctes)


def _outputs(measure: Measure) -> tuple[str, str, str]:
    """SQL for (numerator, denominator, value) of an aggregated row, by how the measure aggregates."""
    how = measure.how
    if how == "share":
        return "coalesce(n_num, 0)", "coalesce(n_den, 0)", "100.0 * n_num / nullif(n_den, 0)"
    if how == "rate":
        return "coalesce(n_num, 0)", "pr.population", "10000.0 * coalesce(n_num, 0) / nullif(pr.population, 0)"
    if how == "count":
        return "coalesce(n_num, 0)", "NULL", "coalesce(n_num, 0)::DOUBLE"
    if how == "mean":
        return "NULL", "coalesce(n_den, 0)", "v_mean"
    if how == "median":
        return "NULL", "coalesce(n_den, 0)", "v_median"
    if how == "ratio":
        return "coalesce(n_num, 0)", "coalesce(n_workers, 0)", "1.0 * n_num / nullif(n_workers, 0)"
    raise MeasureError(f"{measure.id}: unknown aggregate {how}")


def _fill(measure: Measure, dims: Sequence[str]) -> tuple[str, ...]:
    return tuple(f for f in ("team", "worker") if f in dims or (f == "worker" and measure.how == "ratio"))


def _grouping(dims: Sequence[str], by: str) -> tuple[str, str, str]:
    """(GROUPING SETS, dimension label, cell key) for the total and each breakdown, grouped by `by`."""
    sets = ", ".join([f"({by})"] + [f"({by}, d_{d})" for d in dims])
    label = "CASE " + " ".join(f"WHEN GROUPING(d_{d}) = 0 THEN '{d}'" for d in dims) + " END" if dims else "NULL"
    key = f"coalesce({', '.join(f'd_{d}' for d in dims)})" if dims else "NULL"
    return sets, label, key


def aggregate_sql(measure: Measure, authority: Authority, dims: Sequence[str]) -> str:
    """One query: numerator, denominator and value for every window, in total and per breakdown cell."""
    check_dimensions(measure, dims)
    fill = _fill(measure, dims)
    sets, label, key = _grouping(dims, "period_id")
    extras = ""
    if measure.how == "mean":
        extras += ", avg(value) AS v_mean"
    if measure.how == "median":
        extras += ", median(value) AS v_median"
    if measure.how == "ratio":
        extras += ", count(DISTINCT worker) AS n_workers"
    num, den, val = _outputs(measure)
    return f"""{_enriched_sql(measure, authority, dims, fill)},
agg AS (
    SELECT period_id, {label} AS dimension, {key} AS cell,
           count(*) FILTER (WHERE in_numerator) AS n_num, count(*) AS n_den{extras}
    FROM enriched GROUP BY GROUPING SETS ({sets})
)
SELECT pr.period_id, agg.dimension, agg.cell, {num} AS numerator, {den} AS denominator, {val} AS value
FROM periods pr LEFT JOIN agg ON agg.period_id = pr.period_id
ORDER BY pr.period_id, agg.dimension NULLS FIRST, agg.cell"""


def by_month_sql(measure: Measure, authority: Authority, dims: Sequence[str]) -> str:
    """The same rows as aggregate_sql for windows of whole months, from each record counted once in its
    calendar month: the population runs over one window spanning them all, is summed by month and cell,
    and each window adds up its months (issue 14: a 72-month series joined every record to 13 windows).

    Only for measures whose figure is a sum over records placed by their event date (Measure.by_month).
    """
    check_dimensions(measure, dims)
    if not measure.by_month:
        raise MeasureError(f"{measure.id}: its windows are not sums of months")
    sets, label, key = _grouping(dims, "month")
    num, den, val = _outputs(measure)
    return f"""{_enriched_sql(measure, authority, dims, _fill(measure, dims), span=True)},
monthly AS (
    SELECT date_trunc('month', event_date)::DATE AS month, {label} AS dimension, {key} AS cell,
           count(*) FILTER (WHERE in_numerator) AS n_num, count(*) AS n_den, sum(value) AS v_sum,
           count(value) AS v_n
    FROM enriched GROUP BY GROUPING SETS ({sets})
),
agg AS (
    SELECT w.period_id, m.dimension, m.cell, sum(m.n_num)::BIGINT AS n_num, sum(m.n_den)::BIGINT AS n_den,
           sum(m.v_sum) / nullif(sum(m.v_n), 0) AS v_mean
    FROM windows w JOIN monthly m ON m.month BETWEEN w.period_start AND w.period_end
    GROUP BY w.period_id, m.dimension, m.cell
)
SELECT pr.period_id, agg.dimension, agg.cell, {num} AS numerator, {den} AS denominator, {val} AS value
FROM windows pr LEFT JOIN agg ON agg.period_id = pr.period_id
ORDER BY pr.period_id, agg.dimension NULLS FIRST, agg.cell"""


def whole_months(periods: Sequence[Period]) -> bool:
    """Every window starts on a 1st and ends on a month's last day (day arithmetic, not a calendar lookup
    per window: a cold series asked it 144 times per measure)."""
    one = dt.timedelta(days=1)
    return all(p.start.day == 1 and (p.end == dt.date.max or (p.end + one).day == 1) for p in periods)


def aggregate(
    con: duckdb.DuckDBPyConnection, authority: Authority, measure: Measure, periods: list[Period],
    dims: Sequence[str] = (),
) -> list[tuple]:
    """Rows (period_id, dimension, cell, numerator, denominator, value); dimension None = the total.

    Several windows of whole months (a series) add up months where the measure allows it; one window
    is already a single pass over its records."""
    prepare(con)
    monthly = measure.by_month and len(periods) > 1 and whole_months(periods)
    sql = by_month_sql(measure, authority, dims) if monthly else aggregate_sql(measure, authority, dims)
    return con.execute(sql, periods_params(periods, authority)).fetchall()


RECORD_COLUMNS: tuple[str, ...] = (
    "record_id", "person_id", "team", "worker", "event_date", "in_numerator", "value", "due_date",
    "decided_by", "age", "sex", "ethnicity", "disability", "uasc",
)


def records_sql(measure: Measure, authority: Authority, cell: tuple[str, str] | None = None) -> str:
    """The records behind one window (ids, team, worker, numerator flag, deciding dates; no names)."""
    dims = DIMENSIONS
    where = ""
    if cell is not None:
        if cell[0] not in DIMENSIONS:
            raise MeasureError(f"unknown breakdown {cell[0]!r}: choose from {', '.join(DIMENSIONS)}")
        where = f"\nWHERE d_{cell[0]} = ?"
    return f"""{_enriched_sql(measure, authority, dims, fill=("team", "worker"))}
SELECT record_id, person_id, team, worker, event_date, in_numerator, value, due_date, decided_by,
       d_age AS age, d_sex AS sex, d_ethnicity AS ethnicity, d_disability AS disability, d_uasc AS uasc
FROM enriched{where}
ORDER BY in_numerator, team NULLS LAST, worker NULLS LAST, record_id"""


def records(
    con: duckdb.DuckDBPyConnection, authority: Authority, measure: Measure, period: Period,
    cell: tuple[str, str] | None = None,
) -> list[dict]:
    prepare(con)
    params = periods_params([period], authority) + ([cell[1]] if cell else [])
    rows = con.execute(records_sql(measure, authority, cell), params).fetchall()
    return [dict(zip(RECORD_COLUMNS, r, strict=True)) for r in rows]


def population_columns(con: duckdb.DuckDBPyConnection, authority: Authority, measure: Measure) -> list[str]:
    """The columns a measure's population query returns (a test checks them against the contract)."""
    prepare(con)
    sql = f"WITH {PERIODS_SQL}\nSELECT * FROM (\n{population_sql(measure, authority)}\n) LIMIT 0"
    return [d[0] for d in con.execute(sql, periods_params([], authority)).description]


def error_counts(
    con: duckdb.DuckDBPyConnection, authority: Authority, measure: Measure, period: Period,
    error_records: Sequence[tuple[str, str]],
) -> int:
    """How many of a figure's records carry an error-severity data-quality finding.

    `error_records` is the set of (table, record_id) with errors; a record counts when its own row
    has an error, or the child's ssd_person row does.
    """
    own = sorted({rid for table, rid in error_records if table == measure.table})
    people = sorted({rid for table, rid in error_records if table == "ssd_person"})
    if not own and not people:
        return 0
    prepare(con)
    sql = f"""WITH {PERIODS_SQL}, pop AS (\n{population_sql(measure, authority)}\n)
SELECT count(*) FROM pop
WHERE record_id IN (SELECT unnest(?::VARCHAR[])) OR person_id IN (SELECT unnest(?::VARCHAR[]))"""
    return con.execute(sql, periods_params([period], authority) + [own, people]).fetchone()[0]
