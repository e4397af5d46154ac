"""Loaded snapshots for selector, trend and CLI tests: the tiny valid authority, plus chosen defects."""

from __future__ import annotations

from pathlib import Path

from helpers.ssd_folder import valid_rows, write_ssd_folder
from lineofsight.ingest import load_folder


def load_tiny(folder: Path, auth_before_start: bool = True) -> str:
    """Load the tiny valid authority (optionally with assessment A1 authorised before it started); its id."""
    rows = valid_rows()
    if auth_before_start:
        rows["ssd_cin_assessments"][0]["cina_assessment_auth_date"] = "2024-01-05"
    write_ssd_folder(folder, rows)
    result = load_folder(folder)
    assert result.ok, [str(p) for p in result.problems]
    return str(result.snapshot_id)
