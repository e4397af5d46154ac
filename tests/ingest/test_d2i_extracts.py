"""SSD v1.4.5 extracts as D2I's SystemC and Mosaic scripts write them load whole, and the figures computed
from them are the ones worked by hand in ingest/d2i_extract.py's docstring."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ingest.d2i_extract import AUTHORITY, FACTORS, UPNS, YEAR_END, YEAR_START, write_extract
from lineofsight.formats.cin_xml_write import write_cin_census
from lineofsight.formats.ssda903_write import write_ssda903
from lineofsight.ingest import load_folder
from lineofsight.measures import selectors
from lineofsight.schema.aliases import ALIASES
from lineofsight.schema.tables import TABLES
from lineofsight.warehouse.snapshots import open_snapshot

SYSTEMS = ("systemc", "mosaic")

# (numerator, denominator) for the year 2024-25, worked by hand (see d2i_extract's docstring)
EXPECTED = {
    "contacts": (27, None),
    "contact_to_referral": (20, 27),
    "referrals_rate": (20, None),
    "assessment_45wd": (12, 16),
    "cp_rate": (4, None),
    "cla_rate": (3, None),
    "cla_starts": (6, None),
    "care_leavers_suitable_accom_19_21": (2, 3),
}


@pytest.fixture(params=SYSTEMS)
def extract(request, tmp_path):
    folder = tmp_path / request.param
    headers = write_extract(folder, request.param)
    result = load_folder(folder)
    return request.param, headers, result


def test_loads_with_exit_0_and_the_hand_worked_figures(extract):
    _, _, result = extract
    assert result.ok, [str(p) for p in result.errors]
    with open_snapshot() as con:
        got = selectors.measure_window(con, AUTHORITY, YEAR_START, YEAR_END, list(EXPECTED))
    figures = {m["id"]: (m["numerator"], m["denominator"]) for m in got}
    assert {k: (n, d if EXPECTED[k][1] is not None else None) for k, (n, d) in figures.items()} == EXPECTED
    assert all(m["unavailable"] is None for m in got)


def test_no_column_is_dropped(extract):
    """Each column of each file is a column of ours (directly or through a declared alias), or is kept
    with the snapshot as an extra column, or its whole file is kept as it came."""
    _, headers, _ = extract
    ours = {t.name: set(t.column_names) | set(ALIASES.get(t.name, {})) for t in TABLES}
    with open_snapshot() as con:
        extras = set(con.execute("SELECT DISTINCT table_name, column_name FROM _extra_columns").fetchall())
        kept_files = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() "
                                                "WHERE table_name LIKE '\\_file\\_%' ESCAPE '\\'").fetchall()}
    lost = [(t, c) for t, header in headers.items() for c in header
            if c not in ours.get(t, set()) and (t, c) not in extras and f"_file_{t}" not in kept_files]
    assert lost == []


def test_workers_and_teams_named_otherwise_are_read_as_their_ids(extract):
    with open_snapshot() as con:
        def distinct(sql):
            return sorted({r[0] for r in con.execute(sql).fetchall()})
        assert distinct("SELECT cine_referral_worker_id FROM ssd_cin_episodes") == ["W1"]  # given as a name
        assert distinct("SELECT s47e_s47_completed_by_worker_id FROM ssd_s47_enquiry") == ["W2"]  # a staff number
        assert distinct("SELECT s47e_s47_completed_by_team FROM ssd_s47_enquiry") == ["T200"]  # the team's name
        assert distinct("SELECT prof_professional_department FROM ssd_professionals") == ["T100", "T200", "T300"]
        booked = con.execute("SELECT icpc_icpc_id, icpc_icpc_worker_id FROM ssd_initial_cp_conference "
                             "WHERE icpc_icpc_date IS NULL").fetchall()
        roles = distinct("SELECT invo_professional_role_id FROM ssd_involvements")
    assert booked == [("I07", "W2")]  # the conference booked but not held is kept
    assert roles == ["SW"]  # SystemC's allocated case worker (CW) is the allocated social worker


def test_cin_census_and_903_carry_the_upns_and_single_factor_codes(extract, tmp_path):
    with open_snapshot() as con:
        write_cin_census(con, 2025, tmp_path / "cin.xml", la_code="999")
        write_ssda903(con, 2025, tmp_path / "903")
    root = ET.parse(tmp_path / "cin.xml").getroot()
    children = {c.findtext("ChildIdentifiers/LAchildID"): c for c in root.iter("Child")}
    assert {k: c.findtext("ChildIdentifiers/UPN") for k, c in children.items()} == {k: UPNS[k] for k in children}
    assert set(children) >= {f"P{i:02d}" for i in range(1, 21)}
    factors = {k: sorted(f.text for f in c.iter("AssessmentFactors")) for k, c in children.items()
               if c.find("CINdetails/Assessments") is not None}
    assert factors == {k: sorted(v) for k, v in FACTORS.items()}
    header = (tmp_path / "903" / "header.csv").read_text(encoding="utf-8").splitlines()
    cols = header[0].split(",")
    upns = {r.split(",")[cols.index("CHILD")]: r.split(",")[cols.index("UPN")] for r in header[1:]}
    # the children looked after in the year (P17-P22) and the care leavers of the OC3 cohort (P28-P30)
    assert upns == {f"P{i}": UPNS[f"P{i}"] for i in (*range(17, 23), 28, 29, 30)}
