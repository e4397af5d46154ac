"""Year-aware returns: each collection year's codes, from the declared table (formats/return_codes.csv)."""

from __future__ import annotations

import duckdb
import pytest

from lineofsight.formats.return_years import YearNotDeclared, applies, check_year, code_sql, not_valid


def written(year: int, code: str | None) -> str | None:
    sql = code_sql("ssda903", "PLACE", year, "p")
    return duckdb.execute(f"SELECT {sql} FROM (SELECT ?::VARCHAR AS p)", [code]).fetchone()[0]


def test_h5_is_written_until_2024_25_and_as_k3_from_2025_26():
    assert written(2025, "H5") == "H5"
    assert written(2026, "H5") == "K3"
    assert written(2027, "H5") == "K3"


def test_retired_codes_without_a_successor_are_never_written():
    assert written(2026, "Z1") is None
    assert written(2026, "P2") is None
    assert written(2025, "Z1") == "Z1"


def test_new_codes_are_not_written_before_their_first_year():
    assert written(2025, "Z11") is None
    assert written(2026, "Z11") == "Z11"
    assert written(2026, "U4") == "U4"
    assert written(2026, None) is None


def test_what_is_not_valid_each_year():
    assert {s.code for s in not_valid("ssda903", "PLACE", 2025)} == {"Z11", "Z12", "Z13", "Z14"}
    assert {s.code for s in not_valid("ssda903", "PLACE", 2026)} == {"H5", "P2", "Z1"}
    assert {s.code for s in not_valid("ssda903", "PLACE", 2024)} == {"K3", "Z11", "Z12", "Z13", "Z14"}


def test_layout_changes_by_year():
    assert not applies("last_sw_episode_open", 2025) and applies("last_sw_episode_open", 2026)
    assert not applies("urn_x_adoption_fostering_only", 2025) and applies("urn_x_adoption_fostering_only", 2026)
    assert applies("sex_letters", 2025) and not applies("sex_letters", 2024)


def test_a_year_with_no_declared_rules_is_refused():
    check_year(2027)
    with pytest.raises(YearNotDeclared, match="2027-28"):
        check_year(2028)
