"""authority.toml values are range-checked before a load can make them current (issue 13, finding 5: a
population of 10^30 loaded, became current, and every rate then failed with an INT128 overflow)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from helpers.ssd_folder import write_ssd_folder
from lineofsight.cli.main import app
from lineofsight.schema.authority import AuthorityError, la_codes, parse_authority
from lineofsight.warehouse.snapshots import current_id

runner = CliRunner()
GOOD = 'la_code = "{code}"\nla_name = "X"\nregion = "London"\n[population]\n2025 = {n}\n'


def test_a_load_with_an_impossible_population_exits_2_and_the_current_snapshot_stays(tmp_path):
    first = runner.invoke(app, ["load", str(write_ssd_folder(tmp_path / "good"))])
    assert first.exit_code == 0, first.output
    before = current_id()
    bad = write_ssd_folder(tmp_path / "bad", authority=GOOD.format(code="201", n=10**30))
    result = runner.invoke(app, ["load", str(bad)])
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    assert "authority.toml" in out and "from 1 to 2,000,000" in out
    assert current_id() == before


@pytest.mark.parametrize("code, n, message", [
    ("201", 0, "from 1 to 2,000,000"),
    ("201", 2_000_001, "from 1 to 2,000,000"),
    ("201", -5, "from 1 to 2,000,000"),
    ("999", 50_000, "neither a DfE local authority number"),
    ("E1", 50_000, "neither a DfE local authority number"),
])
def test_populations_and_la_codes_out_of_range_are_refused(code, n, message):
    with pytest.raises(AuthorityError, match=message):
        parse_authority(GOOD.format(code=code, n=n))


def test_dfe_numbers_and_ons_codes_are_accepted():
    assert parse_authority(GOOD.format(code="331", n=2_000_000)).population == {2025: 2_000_000}
    assert parse_authority(GOOD.format(code="E09000001", n=1)).la_code == "E09000001"
    codes = la_codes()
    assert codes["201"] == "City of London" and codes["943"] == "Westmorland and Furness"
    assert len([c for c, name in codes.items() if "until" not in name]) == 153  # England's authorities
    with pytest.raises(AuthorityError, match="standards"):
        parse_authority(GOOD.format(code="201", n=5) + "[standards]\ncin_visit_days = 0\n")
