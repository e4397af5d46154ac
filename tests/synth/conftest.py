"""Authorities generated once per session: a medium one for calibration, small ones for the rest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from lineofsight.schema import TABLES, create_all_sql
from lineofsight.synth import generate
from lineofsight.warehouse.calendar import create_calendar

END = dt.date(2025, 3, 31)


@pytest.fixture(scope="session")
def medium(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("medium")
    generate(out, scale="medium", seed=1, end=END)
    return out


@pytest.fixture(scope="session")
def small_clean(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("clean")
    return out, generate(out, scale="small", seed=5, end=END, defects=0)


@pytest.fixture(scope="session")
def small_defects(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("defects")
    return out, generate(out, scale="small", seed=7, end=END, defects=0.05)


def load(folder: Path) -> duckdb.DuckDBPyConnection:
    """The CSVs copied into tables made from the schema's DDL (types, NOT NULL and primary keys enforced)."""
    con = duckdb.connect()
    con.execute(create_all_sql())
    for t in TABLES:
        con.execute(f"COPY {t.name} FROM '{folder / (t.name + '.csv')}' (HEADER, DELIMITER ',')")
    create_calendar(con, dt.date(1990, 1, 1), END + dt.timedelta(days=400))
    return con


@pytest.fixture(scope="session")
def clean_db(small_clean) -> duckdb.DuckDBPyConnection:
    return load(small_clean[0])


@pytest.fixture(scope="session")
def defects_db(small_defects) -> duckdb.DuckDBPyConnection:
    return load(small_defects[0])
