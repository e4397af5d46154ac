"""Loader <-> generator agreement: a generated authority, recording defects and all, loads cleanly.

Recording defects (late contacts, dates out of sequence, duplicate people...) are data-quality
findings, not broken files, so they must load; every row written must arrive in the snapshot.
"""

from __future__ import annotations

import csv
import datetime as dt

from lineofsight.ingest import load_folder
from lineofsight.schema.tables import TABLES
from lineofsight.synth import generate
from lineofsight.warehouse.snapshots import open_snapshot


def test_generated_authority_with_defects_loads_without_a_problem(tmp_path):
    folder = tmp_path / "synthetic"
    generate(folder, scale="small", seed=3, end=dt.date(2025, 3, 31), defects=0.05)
    result = load_folder(folder)
    assert result.problems == []
    assert result.snapshot_id is not None
    with open_snapshot() as con:
        for t in TABLES:
            with open(folder / f"{t.name}.csv", encoding="utf-8", newline="") as fh:
                written = sum(1 for _ in csv.reader(fh)) - 1
            loaded = con.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0]
            assert loaded == written == result.rows[t.name], t.name
