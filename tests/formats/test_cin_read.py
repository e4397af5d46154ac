"""CIN census XML into SSD tables: each DfE record and field lands in its SSD column."""

from __future__ import annotations

from formats.cin_samples import CHILD_2024_GENDER, CHILD_2025, census
from formats.ssd_csv import header, rows
from lineofsight.formats import convert_to_ssd, detect_format
from lineofsight.ingest import load_folder
from lineofsight.schema import TABLES, load_authority


def convert(tmp_path, *texts: str, **opts):
    files = []
    for i, text in enumerate(texts):
        f = tmp_path / f"cin{i}.xml"
        f.write_text(text, encoding="utf-8")
        files.append(f)
    out = tmp_path / "ssd"
    report = convert_to_ssd(files, out, **({"population": 40_000} | opts))
    return out, report


def test_detects_cin_census(tmp_path):
    (tmp_path / "return.xml").write_text(census(2025, CHILD_2025))
    assert detect_format(tmp_path) == "cin_census"
    assert detect_format([tmp_path / "return.xml"]) == "cin_census"


def test_every_table_written_with_schema_headers(tmp_path):
    out, _ = convert(tmp_path, census(2025, CHILD_2025))
    for t in TABLES:
        assert header(out, t.name) == t.column_names


def test_child_identifiers_and_characteristics(tmp_path):
    out, _ = convert(tmp_path, census(2025, CHILD_2025))
    (p,) = rows(out, "ssd_person")
    assert p["pers_person_id"] == "C1" and p["pers_legacy_id"] == "C1"
    assert p["pers_upn"] == "A201200115001"
    assert p["pers_dob"] == "2015-03-27" and p["pers_sex"] == "F" and p["pers_ethnicity"] == "WBRI"
    assert [d["disa_disability_code"] for d in rows(out, "ssd_disability")] == ["HAND", "HEAR"]


def test_gender_current_of_older_collections_maps_to_sex(tmp_path):
    out, _ = convert(tmp_path, census(2024, CHILD_2024_GENDER))
    (p,) = rows(out, "ssd_person")
    assert p["pers_sex"] == "M" and p["pers_gender"] == "1" and p["pers_upn_unknown"] == "UN3"


def test_cin_details_and_everything_nested(tmp_path):
    out, report = convert(tmp_path, census(2025, CHILD_2025))
    (e,) = rows(out, "ssd_cin_episodes")
    rid = e["cine_referral_id"]
    assert (e["cine_person_id"], e["cine_referral_date"], e["cine_referral_source_code"],
            e["cine_cin_primary_need_code"], e["cine_close_date"], e["cine_close_reason"], e["cine_referral_nfa"]) == (
        "C1", "2024-05-06", "1A", "N1", "2025-03-03", "RC7", "N")
    (a,) = rows(out, "ssd_cin_assessments")
    assert (a["cina_referral_id"], a["cina_assessment_start_date"], a["cina_assessment_auth_date"]) == (
        rid, "2024-05-07", "2024-06-10")
    (f,) = rows(out, "ssd_assessment_factors")
    assert f["cinf_assessment_id"] == a["cina_assessment_id"] and f["cinf_assessment_factors_json"] == "1C,6B"
    (plan,) = rows(out, "ssd_cin_plans")
    assert (plan["cinp_referral_id"], plan["cinp_cin_plan_start_date"], plan["cinp_cin_plan_end_date"]) == (
        rid, "2024-11-01", "2025-02-28")
    s1, s2 = rows(out, "ssd_s47_enquiry")
    assert (s1["s47e_s47_start_date"], s1["s47e_s47_nfa"]) == ("2024-05-10", "N")
    assert (s2["s47e_s47_start_date"], s2["s47e_s47_nfa"]) == ("2024-09-02", "Y")
    (icpc,) = rows(out, "ssd_initial_cp_conference")
    (cp,) = rows(out, "ssd_cp_plans")
    assert (icpc["icpc_s47_enquiry_id"], icpc["icpc_icpc_date"], icpc["icpc_icpc_target_date"],
            icpc["icpc_icpc_outcome_cp_flag"], icpc["icpc_cp_plan_id"]) == (
        s1["s47e_s47_enquiry_id"], "2024-05-30", "2024-05-31", "Y", cp["cppl_cp_plan_id"])
    assert (cp["cppl_cp_plan_start_date"], cp["cppl_cp_plan_end_date"], cp["cppl_cp_plan_initial_category"],
            cp["cppl_cp_plan_latest_category"], cp["cppl_icpc_id"]) == (
        "2024-05-30", "2024-10-31", "NEG", "EMO", icpc["icpc_icpc_id"])
    (rv,) = rows(out, "ssd_cp_reviews")
    assert (rv["cppr_cp_plan_id"], rv["cppr_cp_review_date"], rv["cppr_person_id"]) == (
        cp["cppl_cp_plan_id"], "2024-08-21", "C1")
    assert report.read["CIN Section47"] == 2
    assert report.written["ssd_s47_enquiry"] == 2
    assert set(report.unmapped["CIN census XML"]) >= {"FormerUPN", "AssessmentInternalReviewDate",
                                                      "NumberOfPreviousCPP"}


def test_conference_recorded_at_cin_details_level(tmp_path):
    out, _ = convert(tmp_path, census(2024, CHILD_2024_GENDER))
    (icpc,) = rows(out, "ssd_initial_cp_conference")
    assert icpc["icpc_icpc_date"] == "2023-11-01" and icpc["icpc_s47_enquiry_id"] is None
    assert icpc["icpc_icpc_outcome_cp_flag"] == "Y"


def test_unknown_elements_are_reported_not_lost_silently(tmp_path):
    extra = CHILD_2025.replace("</CINdetails>", "<PreProceedingsandFGDM><PPStartDate>2024-09-09</PPStartDate>"
                                                "</PreProceedingsandFGDM></CINdetails>")
    _, report = convert(tmp_path, census(2025, extra))
    assert "Child/CINdetails/PreProceedingsandFGDM/PPStartDate" in report.unmapped["CIN census XML"]


def test_several_years_stitched_into_one_history(tmp_path):
    """The 2024 and 2025 returns both hold C2's episode: it appears once, the 2025 version winning."""
    c2_2025 = CHILD_2024_GENDER.replace("<GenderCurrent>1</GenderCurrent>", "<Sex>M</Sex>").replace(
        "<ReferralNFA>0</ReferralNFA>", "<CINclosureDate>2024-06-28</CINclosureDate>"
        "<ReasonForClosure>RC7</ReasonForClosure><ReferralNFA>0</ReferralNFA>")
    out, report = convert(tmp_path, census(2025, CHILD_2025, c2_2025), census(2024, CHILD_2024_GENDER))
    eps = {(e["cine_person_id"], e["cine_referral_date"]): e for e in rows(out, "ssd_cin_episodes")}
    assert set(eps) == {("C1", "2024-05-06"), ("C2", "2023-10-02")}
    assert eps[("C2", "2023-10-02")]["cine_close_date"] == "2024-06-28"
    assert len(rows(out, "ssd_cp_plans")) == 2
    assert {p["pers_person_id"] for p in rows(out, "ssd_person")} == {"C1", "C2"}
    assert any("more than one year" in w for w in report.warnings)
    assert load_authority(out / "authority.toml").population == {2024: 40_000, 2025: 40_000}


def test_authority_from_lea_or_supplied_file(tmp_path):
    out, _ = convert(tmp_path, census(2025, CHILD_2025), la_name="Testborough")
    a = load_authority(out / "authority.toml")
    assert a.la_code == "201" and a.la_name == "Testborough"
    supplied = tmp_path / "mine.toml"
    supplied.write_text('la_code = "E09000999"\nla_name = "Mine"\nregion = "London"\n[population]\n2025 = 12345\n')
    out2 = tmp_path / "ssd2"
    convert_to_ssd([tmp_path / "cin0.xml"], out2, authority=supplied)
    assert load_authority(out2 / "authority.toml").population == {2025: 12345}


def test_population_is_required_without_authority_file(tmp_path):
    import pytest

    from lineofsight.formats import FormatError

    (tmp_path / "c.xml").write_text(census(2025, CHILD_2025))
    with pytest.raises(FormatError, match="--population"):
        convert_to_ssd([tmp_path / "c.xml"], tmp_path / "out")


def test_converted_folder_loads_cleanly(tmp_path):
    out, _ = convert(tmp_path, census(2025, CHILD_2025), census(2024, CHILD_2024_GENDER))
    result = load_folder(out)
    assert result.ok, [str(p) for p in result.problems]
    assert result.rows["ssd_cin_episodes"] == 2
