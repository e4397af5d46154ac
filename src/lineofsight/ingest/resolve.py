"""Workers and teams named by something other than their id, read as the id. Declared as data.

Data to Insight turned the SSD's foreign keys off (v1.2.6) and its deployment scripts fill worker and
team columns from whatever the case system holds there: SystemC writes a referral's worker as the
worker's name, section 47 and conference workers as staff numbers (`prof_staff_id`), and a
professional's department as the team's name, and a permanence record's child by the legacy id. Every breakdown by team or worker needs the id, so a
value that is not an id is looked up by each alternate key in turn and replaced by the one id it
names. A value that names two ids (two workers of the same name) is left as it came: guessing would
put a child under the wrong worker; the reference check then reports it. The load report says how
many values of each column were read through which key, never the values (staff names).
"""

from __future__ import annotations

import duckdb

from lineofsight.ingest.problems import Problem
from lineofsight.ingest.reader import StagedTable
from lineofsight.ingest.values import quote_ident

ALTERNATE_KEYS: dict[str, tuple[str, ...]] = {
    "ssd_professionals.prof_professional_id": ("prof_staff_id", "prof_professional_name"),
    "ssd_department.dept_team_id": ("dept_team_name",),
    "ssd_person.pers_person_id": ("pers_legacy_id",),
}
ONLY: dict[str, set[str]] = {
    # where an alternate key is known to be used, so other columns are not searched for it
    "ssd_person.pers_person_id": {"perm_person_id"},  # SystemC's ssd_permanence holds the legacy id
}


def resolve_references(con: duckdb.DuckDBPyConnection, staged: dict[str, StagedTable]) -> list[Problem]:
    """Replace worker and team values given by an alternate key with the id; one report line per column."""
    problems: list[Problem] = []
    for target, alternates in ALTERNATE_KEYS.items():
        parent_name, key = target.split(".")
        parent = staged[parent_name]
        columns = [(st, c.name) for st in staged.values() if st.present and st.readable and st.rows for c in st.table.columns
                   if c.references == target and c.name not in st.missing_columns
                   and c.name in ONLY.get(target, {c.name})]
        if not parent.present or not columns:
            continue
        k, ids = quote_ident(key), f"(SELECT {quote_ident(key)} FROM {parent.staging} WHERE {quote_ident(key)} IS NOT NULL)"
        for alt in alternates:
            if alt in parent.missing_columns:
                continue
            # each alternate value that names exactly one id, built once for every column that refers here
            con.execute(f"CREATE OR REPLACE TEMP TABLE _alternate AS SELECT lower(trim({quote_ident(alt)})) AS alt, "
                        f"any_value({k}) AS id FROM {parent.staging} WHERE {quote_ident(alt)} IS NOT NULL "
                        f"GROUP BY 1 HAVING count(DISTINCT {k}) = 1")
            for st, name in columns:
                col = quote_ident(name)
                (n,) = con.execute(f"UPDATE {st.staging} s SET {col} = a.id FROM _alternate a "
                                   f"WHERE lower(trim(s.{col})) = a.alt AND s.{col} NOT IN {ids}").fetchone()
                if n:
                    problems.append(Problem(st.file, None, name, None,
                                            f"a {key} ({n} value(s) given as {alt}, read as the {key} they name)",
                                            "warning"))
    return problems
