"""`synth --style`: the synthetic authority written as D2I's SSD extract for SystemC or Mosaic arrives.

Each style's files load with exit 0 and give exactly the clean style's figures: the differences of a
real extract (headers, order, datetimes, descriptions, JSON, NULL, BOM, CRLF, Mosaic's missing person
ids) are all the loader's to absorb.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lineofsight.cli.main import app
from lineofsight.measures import selectors
from lineofsight.schema import CODE_LISTS
from lineofsight.schema.d2i import d2i_header
from lineofsight.synth.styles import STYLES
from lineofsight.warehouse.snapshots import open_snapshot, snapshot_meta

END = dt.date(2025, 3, 31)
runner = CliRunner()


@pytest.fixture(scope="module")
def styled(tmp_path_factory) -> dict[str, tuple[Path, object, list, dict]]:
    """Per style: the folder, the load's result, every measure's window figures by team and worker, and
    what the snapshot records as absent."""
    out = {}
    for style in STYLES:
        root = tmp_path_factory.mktemp(style)
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("LINEOFSIGHT_HOME", str(root / "home"))
            made = runner.invoke(app, ["synth", "--out", str(root / "ssd"), "--scale", "small", "--seed", "3",
                                       "--end", END.isoformat(), "--defects", "0.02", "--style", style])
            assert made.exit_code == 0, made.output
            loaded = runner.invoke(app, ["load", str(root / "ssd")])
            with selectors.SnapshotMeasures() as sm:
                _, end = sm.history()
                figures = sm.measure_window(selectors.window_start(end), end, by=("team", "worker"))
            with open_snapshot() as con:
                absent = json.loads(snapshot_meta(con)["absent"])
        out[style] = (root / "ssd", loaded, json.loads(json.dumps(figures, default=str)), absent)
    return out


def _rows(path: Path) -> tuple[bytes, list[list[str]]]:
    raw = path.read_bytes()
    return raw, list(csv.reader(raw.decode("utf-8-sig").splitlines()))


@pytest.mark.parametrize("style", ["d2i-systemc", "d2i-mosaic"])
def test_each_style_loads_and_gives_the_clean_figures(styled, style):
    _, loaded, figures, _ = styled[style]
    assert loaded.exit_code == 0, loaded.output[-2000:]
    clean = {m["id"]: m for m in styled["clean"][2]}
    differ = [m["id"] for m in figures if m != clean[m["id"]]]
    assert differ == []


@pytest.mark.parametrize("style, system", [("d2i-systemc", "systemc"), ("d2i-mosaic", "mosaic")])
def test_files_have_d2is_headers_and_order_then_our_extensions(styled, style, system):
    folder = styled[style][0]
    for name in ("ssd_person", "ssd_cla_episodes", "ssd_cp_reviews", "ssd_involvements", "ssd_cin_plans"):
        raw, rows = _rows(folder / f"{name}.csv")
        header = d2i_header(name, system)
        assert rows[0][:len(header)] == header, name
    _, contacts = _rows(folder / "ssd_contacts.csv")
    assert contacts[0][-2:] == ["cont_contact_recorded_date", "cont_contact_team"]  # extensions follow D2I's
    assert "cont_contact_outcome" not in contacts[0]  # its D2I form is the JSON only


def test_systemc_style_is_sql_server_text_with_descriptions_and_json(styled):
    folder = styled["d2i-systemc"][0]
    raw, plans = _rows(folder / "ssd_cp_plans.csv")
    assert raw.startswith(codecs.BOM_UTF8) and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    start = plans[0].index("cppl_cp_plan_start_date")
    assert all(len(r[start]) == 23 and r[start].endswith(" 00:00:00.000") for r in plans[1:])
    latest = plans[0].index("cppl_cp_plan_latest_category")
    assert {r[latest] for r in plans[1:]} == set(CODE_LISTS["category_of_abuse"].values())  # Neglect ...
    ends = {r[plans[0].index("cppl_cp_plan_end_date")] for r in plans[1:]}
    assert "NULL" in ends and "" not in ends
    _, factors = _rows(folder / "ssd_assessment_factors.csv")
    assert all(json.loads(r[2]) and all(isinstance(f, str) for f in json.loads(r[2])) for r in factors[1:])
    _, contacts = _rows(folder / "ssd_contacts.csv")
    outcome = contacts[0].index("cont_contact_outcome_json")
    flags = [json.loads(r[outcome]) for r in contacts[1:] if r[outcome] != "NULL"]
    assert flags and all(set(f.values()) <= {"Y", "N"} for f in flags)
    assert any(f["NEW_REFERRAL_FLAG"] == "Y" for f in flags) and any(f["NFA_FLAG"] == "Y" for f in flags)
    assert (folder / "ssd_cohort.csv").exists() and (folder / "ssd_dim_date.csv").exists()


def test_mosaic_style_lacks_its_person_ids_and_names_the_cin_plan_key(styled):
    folder = styled["d2i-mosaic"][0]
    for name, person in (("ssd_cla_placement", "clap_person_id"), ("ssd_cp_visits", "cppv_person_id"),
                         ("ssd_cp_reviews", "cppr_person_id"), ("ssd_involvements", "invo_person_id"),
                         ("ssd_cin_visits", "cinv_person_id")):
        _, rows = _rows(folder / f"{name}.csv")
        assert person not in rows[0], name
    _, plans = _rows(folder / "ssd_cin_plans.csv")
    assert plans[0][0] == "cin_plan_id"
    _, contacts = _rows(folder / "ssd_contacts.csv")
    outcome = contacts[0].index("cont_contact_outcome_json")
    assert {"CIN Referral", "EH Referral"} <= {r[outcome] for r in contacts[1:]}
    assert not (folder / "ssd_cohort.csv").exists()  # Mosaic's script has no cohort table


def test_the_load_report_names_what_the_mosaic_extract_lacked(styled):
    loaded = styled["d2i-mosaic"][1].output
    assert "column clap_person_id: expected this column (missing: each record's child taken from ssd_cla_episodes" in loaded
    assert "column cin_plan_id: expected a column of this schema (read as cinp_cin_plan_id: a declared alias)" in loaded


def test_the_snapshot_records_what_each_extract_did_not_hold(styled):
    """Absent is recorded, not an error: a measure needing it says so instead of showing 0."""
    systemc, mosaic = styled["d2i-systemc"][3], styled["d2i-mosaic"][3]
    assert "cont_contact_outcome" in systemc["ssd_contacts"] and "cont_contact_outcome" in mosaic["ssd_contacts"]
    assert "ssd_cohort" not in systemc  # written, with no rows
    assert set(mosaic["ssd_cohort"]) == {"dim_person_id", "legacy_id", "has_contact", "has_referral", "has_903",
                                         "is_care_leaver", "has_eligibility", "has_client_flag", "has_involvement",
                                         "first_activity_dttm", "last_activity_dttm"}
    assert "ssd_cla_placement" not in mosaic  # clap_person_id came through the period of care


def test_an_unknown_style_is_refused(tmp_path):
    result = runner.invoke(app, ["synth", "--out", str(tmp_path / "x"), "--scale", "small", "--style", "eclipse"])
    assert result.exit_code == 2
