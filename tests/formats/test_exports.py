"""`lineofsight export`: the three returns from a snapshot, the CIN census rules of inclusion, the audit line."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from typer.testing import CliRunner

from formats.builders import authority_rows, cin_rows, load_authority
from lineofsight import config
from lineofsight.cli.main import app
from lineofsight.formats.cin_xml_write import write_cin_census
from lineofsight.warehouse.snapshots import open_snapshot

runner = CliRunner()


def census(path):
    root = ET.parse(path).getroot()
    return {c.findtext("ChildIdentifiers/LAchildID"): c for c in root.iter("Child")}, root


def test_cin_census_command_writes_the_year_and_audits(snapshot, tmp_path):
    out = tmp_path / "cin.xml"
    result = runner.invoke(app, ["export", "cin-census", "--year", "2025", "--out", str(out)])
    assert result.exit_code == 0, result.output
    children, root = census(out)
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2025-03-31"
    assert root.findtext("Header/Source/LEA") == "201"
    assert sorted(children) == ["P1", "P2", "P3", "P4", "P5"]
    lines = (config.home() / "audit.log").read_text().splitlines()
    when, user, command, records = lines[-1].split("\t")
    assert command == "export cin-census --year 2025" and records == "5 records" and user
    assert not any(pid in lines[-1] for pid in children)


def test_sex_from_2024_25_and_gender_current_before(snapshot, tmp_path):
    con = open_snapshot()
    write_cin_census(con, 2025, tmp_path / "a.xml", la_code="201")
    write_cin_census(con, 2024, tmp_path / "b.xml", la_code="201")
    c25, _ = census(tmp_path / "a.xml")
    c24, _ = census(tmp_path / "b.xml")
    assert c25["P1"].findtext("ChildIdentifiers/Sex") == "F" and c25["P1"].find("ChildIdentifiers/GenderCurrent") is None
    assert c25["P5"].findtext("ChildIdentifiers/Sex") == "U"
    assert c24["P4"].findtext("ChildIdentifiers/GenderCurrent") == "2" and c24["P4"].find("ChildIdentifiers/Sex") is None


def test_episode_contents_and_dates_after_31_march_left_out(snapshot, tmp_path):
    con = open_snapshot()
    write_cin_census(con, 2024, tmp_path / "c.xml", la_code="201")
    children, _ = census(tmp_path / "c.xml")
    assert list(children) == ["P4"]  # the only episode open in 2023/24
    ep = children["P4"].find("CINdetails")
    assert ep.find("CINclosureDate") is None and ep.find("ReasonForClosure") is None  # closed July 2024
    plan = ep.find("ChildProtectionPlans")
    assert plan.findtext("CPPstartDate") == "2023-06-27" and plan.find("CPPendDate") is None
    assert [r.text for r in plan.iter("CPPreviewDate")] == ["2024-01-10"]
    assert plan.findtext("NumberOfPreviousCPP") == "0"
    s47 = ep.find("Section47")
    assert (s47.findtext("S47ActualStartDate"), s47.findtext("DateOfInitialCPC"), s47.findtext("ICPCnotRequired")) == (
        "2023-06-07", "2023-06-27", "false")
    assert ep.find("DateOfInitialCPC") is None  # held by the Section47 module, so not repeated (DfE rule 2889)
    a = ep.find("Assessments")
    assert [f.text for f in a.iter("AssessmentFactors")] == ["4A"]


def test_open_assessment_has_no_factors_and_unborn_child_expected_date(snapshot, tmp_path):
    con = open_snapshot()
    write_cin_census(con, 2025, tmp_path / "d.xml", la_code="201")
    children, _ = census(tmp_path / "d.xml")
    p5 = children["P5"]
    assert p5.find("ChildIdentifiers/PersonBirthDate") is None
    assert p5.findtext("ChildIdentifiers/ExpectedPersonBirthDate") == "2025-05-01"
    a = p5.find("CINdetails/Assessments")
    assert a.find("AssessmentAuthorisationDate") is None and a.find("FactorsIdentifiedAtAssessment") is None
    assert [d.text for d in children["P2"].iter("Disability")] == ["COMM", "LD"]
    assert [d.text for d in children["P1"].iter("Disability")] == ["NONE"]
    assert children["P3"].findtext("CINdetails/ReferralNFA") == "true"


def test_identifiers_that_break_the_census_rules_are_mapped_and_text_escaped(tmp_path):
    rows = cin_rows()
    for table in rows.values():
        for r in table:
            for k, v in r.items():
                if v == "P2":
                    r[k] = "P-2/odd&id"
    rows["ssd_person"][1]["pers_upn"] = "A<&>1"
    load_authority(tmp_path / "ssd", rows)
    con = open_snapshot()
    write_cin_census(con, 2025, tmp_path / "e.xml", la_code="201")
    children, _ = census(tmp_path / "e.xml")  # parses: the text was escaped
    odd = [k for k in children if k.startswith("LOS")]
    assert len(odd) == 1 and len(odd[0]) <= 20 and odd[0].isalnum()
    assert children[odd[0]].findtext("ChildIdentifiers/UPN") == "A<&>1"


def test_lea_must_be_three_digits(tmp_path, snapshot):
    result = runner.invoke(app, ["export", "cin-census", "--year", "2025", "--out", str(tmp_path / "x.xml"),
                                 "--lea", "201"])
    assert result.exit_code == 0
    from lineofsight.formats.cin_xml_write import lea_code

    assert lea_code("E09000999", "202") == "202"
    import pytest

    from lineofsight.formats import FormatError

    with pytest.raises(FormatError, match="--lea"):
        lea_code("E09000999", None)


def test_ssda903_command(snapshot, tmp_path):
    out = tmp_path / "903"
    result = runner.invoke(app, ["export", "ssda903", "--year", "2025", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([
        "header.csv", "episodes.csv", "reviews.csv", "uasc.csv", "oc2.csv", "oc3.csv", "ad1.csv",
        "placed_for_adoption.csv", "previous_permanence.csv", "missing.csv", "social_worker.csv"])
    episodes = (out / "episodes.csv").read_text().splitlines()
    assert episodes[0] == "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
    assert "L1,10/04/2023,S,C2,N1,U6,PR1,01/08/2024,X1,CARPL,SE1 1AA,SW1A 1AA,SC100001" in episodes
    # A UASC child's home postcode is left blank (DfE rule 406).
    assert any(line.startswith("L4,01/07/2024,S,V2,N8,U6,PR1,,,,,SW1A 2AA") for line in episodes)
    header = (out / "header.csv").read_text().splitlines()
    assert "L2,F,09/08/2009,WOTH," in header[2] and header[2].endswith(",0,")
    assert (config.home() / "audit.log").read_text().splitlines()[-1].endswith("\t4 records")


def test_export_without_snapshot_fails_clearly(tmp_path):
    result = runner.invoke(app, ["export", "ssda903", "--year", "2025", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "lineofsight load" in result.output


def _rows_for_year_rules():
    """The tiny authority with a semi-independent placement (H5), an unregistered children's home and a
    child leaving care in 2025-26, to show each year's codes and layout."""
    rows = authority_rows()
    by_id = {r["clap_cla_placement_id"]: r for r in rows["ssd_cla_placement"]}
    by_id["PL4"]["clap_cla_placement_type"] = "H5"
    by_id["PL2"].update(clap_cla_placement_type="K2", clap_cla_placement_urn="", clap_cla_placement_unregistered="Y")
    by_id["PL3"]["clap_cla_placement_end_date"] = "2025-06-20"
    ep = next(r for r in rows["ssd_cla_episodes"] if r["clae_cla_episode_id"] == "E3")
    ep["clae_cla_episode_ceased_date"] = "2025-06-20"
    iv = next(r for r in rows["ssd_involvements"] if r["invo_involvements_id"] == "IV3")
    iv["invo_involvement_end_date"] = "2025-06-20"
    return rows


def _csv(path):
    import csv

    return {(r["CHILD"], r.get("DECOM") or r.get("SW_DECOM")): r for r in csv.DictReader(path.open())}


def test_each_year_is_written_with_its_own_codes_and_layout(tmp_path):
    from lineofsight.formats.ssda903_write import write_ssda903

    load_authority(tmp_path / "ssd", _rows_for_year_rules())
    con = open_snapshot()
    old = write_ssda903(con, 2025, tmp_path / "y2025")
    new = write_ssda903(con, 2026, tmp_path / "y2026")
    e25, e26 = _csv(tmp_path / "y2025" / "episodes.csv"), _csv(tmp_path / "y2026" / "episodes.csv")
    # H5 (semi-independent living) is valid to 2024-25; from 2025-26 it is written as its successor K3.
    assert e25[("L4", "01/07/2024")]["PLACE"] == "H5" and e26[("L4", "01/07/2024")]["PLACE"] == "K3"
    # An unregistered children's home: K2 with URN XXXXXXX until 2024-25; from 2025-26 XXXXXXX is only for
    # adoption and fostering (242), so it is an 'other placement', Z12, with no URN and no provider (218, 178).
    l1_25, l1_26 = e25[("L1", "01/08/2024")], e26[("L1", "01/08/2024")]
    assert (l1_25["PLACE"], l1_25["URN"]) == ("K2", "XXXXXXX") and l1_25["PLACE_PROVIDER"]
    assert (l1_26["PLACE"], l1_26["URN"], l1_26["PLACE_PROVIDER"]) == ("Z12", "", "")
    assert old.notes == [] and all(n.mapped for n in new.notes)
    assert {(n.child, n.rule) for n in new.notes} == {("L4", "146"), ("L1", "242")}
    assert "written as Z12" in next(n.message for n in new.notes if n.rule == "242")
    assert "written as K3" in next(n.message for n in new.notes if n.rule == "146")
    # A child who left care: their last social worker episode ends with care until 2024-25, and is
    # open at 31 March from 2025-26 (SW17STG2).
    assert e26[("L2", "03/06/2024")]["DEC"] == "20/06/2025"
    sw26 = _csv(tmp_path / "y2026" / "social_worker.csv")
    assert sw26[("L2", "03/06/2024")]["SW_DEC"] == ""
    sw25 = _csv(tmp_path / "y2025" / "social_worker.csv")
    assert sw25[("L2", "03/06/2024")]["SW_DEC"] == ""  # still looked after at 31 March 2025
    con.close()


def test_a_year_without_declared_rules_is_refused(snapshot, tmp_path):
    result = runner.invoke(app, ["export", "ssda903", "--year", "2029", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "2028-29" in result.output


def test_check_without_the_validators_says_how_to_make_them(snapshot, tmp_path, monkeypatch):
    monkeypatch.setenv("LINEOFSIGHT_VALIDATORS_VENV", str(tmp_path / "nowhere"))
    result = runner.invoke(app, ["export", "ssda903", "--year", "2025", "--out", str(tmp_path / "o"), "--check"])
    assert result.exit_code == 1
    assert "validators-venv.sh" in result.output and "The return is written" in result.output
    assert (tmp_path / "o" / "episodes.csv").exists()


def test_check_runs_the_years_referee_and_names_the_child(snapshot, referee_python, tmp_path):
    ok = runner.invoke(app, ["export", "ssda903", "--year", "2025", "--out", str(tmp_path / "ok"), "--check"])
    assert ok.exit_code == 0, ok.output
    assert "Checked with csc-validator-be-903, rules lac2024_25, local authority 201: 0 errors" in ok.output


def test_the_command_says_what_the_years_rules_changed(tmp_path):
    """Codes written as DfE's successor are counted; a record left blank (here unregistered supported
    accommodation, which has no code from 2025-26) is named by child, to be recorded again."""
    rows = _rows_for_year_rules()
    pl4 = next(r for r in rows["ssd_cla_placement"] if r["clap_cla_placement_id"] == "PL4")
    pl4.update(clap_cla_placement_urn="", clap_cla_placement_unregistered="Y")
    load_authority(tmp_path / "ssd", rows)
    result = runner.invoke(app, ["export", "ssda903", "--year", "2026", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "  1 child: placement type H5 is not valid in 2025-26; written as K3 (DfE rule 146)" in result.output
    assert ("  1 child: a placement (K2) not registered with Ofsted: written as Z12, an 'other placement', "
            "with no URN or provider (DfE rule 242)") in result.output
    assert "  child L4: a placement not registered with Ofsted: URN XXXXXXX is only for" in result.output
    assert "child L1" not in result.output
