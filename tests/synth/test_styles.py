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
from lineofsight.schema import CODE_LISTS, table
from lineofsight.schema.d2i import d2i_header
from lineofsight.synth.styles import STYLES, restyle
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
    # the outcome code is not a D2I column but is read from its JSON (ingest/derive.py), so it is not absent
    assert "cont_contact_outcome" not in systemc.get("ssd_contacts", [])
    assert "cont_contact_outcome" not in mosaic.get("ssd_contacts", [])
    assert "ssd_cohort" not in systemc  # written, with no rows
    assert set(mosaic["ssd_cohort"]) == {"dim_person_id", "legacy_id", "has_contact", "has_referral", "has_903",
                                         "is_care_leaver", "has_eligibility", "has_client_flag", "has_involvement",
                                         "first_activity_dttm", "last_activity_dttm"}
    assert "ssd_cla_placement" not in mosaic  # clap_person_id came through the period of care


def test_an_unknown_style_is_refused(tmp_path):
    result = runner.invoke(app, ["synth", "--out", str(tmp_path / "x"), "--scale", "small", "--style", "eclipse"])
    assert result.exit_code == 2


def _clean(folder: Path, name: str, rows: list[str]) -> None:
    header = ",".join(table(name).column_names)
    (folder / f"{name}.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def test_hand_worked_rows_in_each_style(tmp_path):
    """Two clean rows per table, restyled, compared byte for byte with what D2I's scripts write."""
    for style in ("d2i-systemc", "d2i-mosaic"):
        folder = tmp_path / style
        folder.mkdir()
        _clean(folder, "ssd_cp_plans", ["P1,R1,I1,C1,2024-05-01,,N,NEG,EMO", "P2,R2,,C2,2024-06-30,2024-12-01,,,MUL"])
        _clean(folder, "ssd_contacts", ["K1,C1,2024-05-01,6,Police,x,2024-05-03,REF,T01", "K2,C2,2024-05-02,,,,,,"])
        _clean(folder, "ssd_assessment_factors", ["F1,A1,\"3A,4B\"", "F2,A2,21"])
        _clean(folder, "ssd_cla_placement", ["L1,E1,C1,2024-05-01,U1,SC1,2.5,PR1,AB1 2CD,,,N,Y"])
        restyle(folder, style)
    sc, mo = tmp_path / "d2i-systemc", tmp_path / "d2i-mosaic"
    assert (sc / "ssd_cp_plans.csv").read_bytes().decode("utf-8") == (
        "\ufeffcppl_cp_plan_id,cppl_referral_id,cppl_icpc_id,cppl_person_id,cppl_cp_plan_start_date,"
        "cppl_cp_plan_end_date,cppl_cp_plan_ola,cppl_cp_plan_initial_category,cppl_cp_plan_latest_category\r\n"
        "P1,R1,I1,C1,2024-05-01 00:00:00.000,NULL,N,Neglect,Emotional abuse\r\n"
        "P2,R2,NULL,C2,2024-06-30 00:00:00.000,2024-12-01 00:00:00.000,NULL,NULL,Multiple/not recommended for new plans\r\n")
    flags = ", ".join(f'""{f}"": ""{"Y" if f == "NEW_REFERRAL_FLAG" else "N"}""' for f in (
        "NEW_REFERRAL_FLAG", "EXISTING_REFERRAL_FLAG", "CP_ENQUIRY_FLAG", "NFA_FLAG", "NON_AGENCY_ADOPTION_FLAG",
        "PRIVATE_FOSTERING_FLAG", "ADVICE_FLAG", "MISSING_FLAG", "OLA_CP_FLAG", "OTHER_OUTCOMES_EXIST_FLAG"))
    assert (sc / "ssd_contacts.csv").read_bytes().decode("utf-8").splitlines()[1:] == [
        f'K1,C1,2024-05-01 00:00:00.000,6,Police,"{{{flags}}}",2024-05-03 00:00:00.000,T01',
        "K2,C2,2024-05-02 00:00:00.000,NULL,NULL,NULL,NULL,NULL"]
    assert (mo / "ssd_contacts.csv").read_bytes().decode("utf-8-sig").splitlines() == [
        "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_desc,cont_contact_outcome_json,"
        "cont_contact_recorded_date,cont_contact_team",
        "K1,C1,2024-05-01 00:00:00.000,Police,CIN Referral,2024-05-03 00:00:00.000,T01",
        "K2,C2,2024-05-02 00:00:00.000,NULL,NULL,NULL,NULL"]
    assert (mo / "ssd_assessment_factors.csv").read_bytes().decode("utf-8-sig").splitlines()[1:] == [
        'F1,A1,"[""3A"", ""4B""]"', 'F2,A2,"[""21""]"']
    assert (mo / "ssd_cla_placement.csv").read_bytes().decode("utf-8-sig").splitlines() == [
        "clap_cla_placement_id,clap_cla_placement_start_date,clap_cla_placement_type,clap_cla_placement_urn,"
        "clap_cla_placement_distance,clap_cla_id,clap_cla_placement_provider,clap_cla_placement_postcode,"
        "clap_cla_placement_end_date,clap_cla_placement_change_reason,clap_cla_placement_unregistered,"
        "clap_cla_placement_long_term",
        "L1,2024-05-01 00:00:00.000,U1,SC1,2.5,E1,PR1,AB1 2CD,NULL,NULL,N,Y"]
    assert not (mo / "ssd_cohort.csv").exists() and (sc / "ssd_pre_cla_care_plan.csv").read_bytes() == (
        b"\xef\xbb\xbffact_form_id,dim_person_id,answer_no,answer,latestresponsedate\r\n")
