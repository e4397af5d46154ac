"""Writing an SSD folder (`<table>.csv` with the schema's headers, plus authority.toml).

Every reader ends here, so that one loader (lineofsight.ingest) validates and snapshots whatever
format came in. Columns a format cannot supply are written empty; every table is written, even
with no rows, so the loader sees a complete folder.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import duckdb

from lineofsight.formats.errors import FormatError
from lineofsight.formats.report import ConversionReport
from lineofsight.schema import TABLES, Authority, load_authority, table
from lineofsight.schema.authority import authority_toml


def copy_query(con: duckdb.DuckDBPyConnection, out_dir: Path, name: str, select: dict[str, str],
               from_sql: str, report: ConversionReport) -> int:
    """Write one table from DuckDB: `select` maps schema columns to SQL expressions over `FROM from_sql`."""
    t = table(name)
    unknown = set(select) - set(t.column_names)
    if unknown:
        raise KeyError(f"{name} has no columns {sorted(unknown)}")
    exprs = ", ".join(f"{select.get(c, 'NULL')} AS {c}" for c in t.column_names)
    rel = f"SELECT {exprs} FROM {from_sql}"
    path = out_dir / f"{name}.csv"
    n = con.execute(f"COPY ({rel}) TO '{_sql_path(path)}' (HEADER, DELIMITER ',', DATEFORMAT '%Y-%m-%d')").fetchone()[0]
    report.written[name] = report.written.get(name, 0) + n
    return n


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def write_missing_tables(out_dir: Path, report: ConversionReport) -> None:
    """Header-only files for tables the format does not cover, so the folder is complete."""
    for t in TABLES:
        path = out_dir / f"{t.name}.csv"
        if not path.exists():
            with path.open("w", newline="", encoding="utf-8") as fh:
                csv.writer(fh).writerow(t.column_names)
            report.written.setdefault(t.name, 0)


def resolve_authority(
    out_dir: Path,
    *,
    authority: Path | Authority | None = None,
    la_code: str | None = None,
    la_name: str | None = None,
    population: int | None = None,
    years: Sequence[int] = (),
    found_la_code: str | None = None,
    report: ConversionReport,
) -> Authority:
    """authority.toml for the folder: a supplied file wins; else the input's LA code and --population.

    National returns carry an LA code (the CIN census LEA) but never the child population, which
    rates per 10,000 need, so without a supplied authority.toml the population must be given.
    """
    if isinstance(authority, Path):
        a = load_authority(authority)
    elif isinstance(authority, Authority):
        a = authority
    else:
        code = la_code or found_la_code
        if not code:
            raise FormatError(report.sources[0] if report.sources else out_dir,
                              "no local authority code in the input: give --la-code or --authority authority.toml")
        if population is None:
            raise FormatError(report.sources[0] if report.sources else out_dir,
                              "national returns do not carry the child population (0-17) that rates need: "
                              "give --population N or --authority authority.toml")
        if found_la_code and la_code and found_la_code != la_code:
            report.warnings.append(f"LA code in the input ({found_la_code}) differs from --la-code ({la_code}); using {la_code}")
        year_list = sorted(set(years)) or [0]
        a = Authority(la_code=str(code), la_name=la_name or f"Local authority {code}", region="Unknown",
                      population={y: int(population) for y in year_list})
    (out_dir / "authority.toml").write_text(authority_toml(a), encoding="utf-8")
    return a
