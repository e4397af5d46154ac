"""A small synthetic authority for the web tests, built once per test session.

The generator's small authority (about 28,000 children) takes minutes to warm, far too long for
page tests; so we generate it and keep every record of one child in N (chosen by a hash of the id),
with every team and worker. The result is a few hundred children with six years of realistic
history: enough for RAG ratings, SPC limits, breakdowns, exceptions and data-quality findings,
loaded through the real loader into a real snapshot in a few seconds.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from lineofsight.schema.tables import TABLES

SEED = 11
KEEP_ONE_IN = 40


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def subset(source: Path, dest: Path, keep_one_in: int = KEEP_ONE_IN) -> Path:
    """Copy `source` (an SSD folder) to `dest`, keeping the records of one child in `keep_one_in`."""
    dest.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute(f"""CREATE TABLE kept AS SELECT pers_person_id AS id FROM read_csv({_quote(source / 'ssd_person.csv')},
                        all_varchar=true, header=true) WHERE hash(pers_person_id) % {keep_one_in} = 0""")
        for t in TABLES:
            src = source / f"{t.name}.csv"
            person = t.person_column or next(
                (c.name for c in t.columns if c.references == "ssd_person.pers_person_id"), None)
            where = ""
            if person:
                where = f" WHERE {person} IN (SELECT id FROM kept)"
            elif t.name == "ssd_assessment_factors":
                where = (" WHERE cinf_assessment_id IN (SELECT cina_assessment_id FROM read_csv("
                         f"{_quote(source / 'ssd_cin_assessments.csv')}, all_varchar=true, header=true) "
                         "WHERE cina_person_id IN (SELECT id FROM kept))")
            con.execute(f"COPY (SELECT * FROM read_csv({_quote(src)}, all_varchar=true, header=true){where}) "
                        f"TO {_quote(dest / src.name)} (HEADER, DELIMITER ',')")
    finally:
        con.close()
    (dest / "authority.toml").write_text((source / "authority.toml").read_text(encoding="utf-8"), encoding="utf-8")
    return dest


def build(folder: Path) -> Path:
    """Generate the small synthetic authority and cut it down; returns the SSD folder to load."""
    from lineofsight.synth import generate

    full = folder / "full"
    generate(full, scale="small", seed=SEED, defects=0.02)
    return subset(full, folder / "subset")
