"""SSDA903 CSV files into SSD tables: recognition by columns, regrouping of episodes, bad input."""

from __future__ import annotations

import pytest

from formats.ssd_csv import rows
from lineofsight.formats import FormatError, convert_to_ssd, detect_format

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nK1,1,01/02/2010,WBRI,UN3,,\nK2,F,05/06/2008,BAFR,A201200108001,1,01/01/2025\n"
EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
    "K1,01/05/2023,S,L2,N1,U6,PR1,10/05/2023,X1,,SE1 1AA,SW1A 1AA,SC1\n"     # emergency protection then
    "K1,10/05/2023,L,C1,N1,U6,PR1,01/09/2024,X1,CARPL,SE1 1AA,SW1A 1AA,SC1\n"  # interim care order, same home
    "K1,01/09/2024,P,C1,N1,U4,PR1,20/12/2024,E13,,SE1 1AA,SW1A 2AA,SC2\n"      # new placement, then home
    "K1,03/02/2025,S,V2,N4,K2,PR4,,,,SE1 1AA,E1 6AN,SC3\n"                     # a second period of care
    "K2,15/04/2024,S,V2,N8,U6,PR1,,,,,SW1A 2AA,SC1\n"
)
REVIEWS = "CHILD,DOB,REVIEW,REVIEW_CODE\nK1,01/02/2010,01/06/2023,PN1\nK1,10/03/2025,PN4\n".replace(
    "K1,10/03/2025,PN4", "K1,01/02/2010,10/03/2025,PN4")
MISSING = "CHILD,DOB,MISSING,MIS_START,MIS_END\nK2,05/06/2008,A,02/07/2024,03/07/2024\n"
OC2 = ("CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,"
       "SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\nK1,01/02/2010,,SDQ5,1,,0,1,1,1,0,1\n")
OC3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nK9,01/07/2005,YES,F2,U1\n"
AD1 = "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\nK3,01/01/2020,01/02/2024,01/06/2024,0,2,MF,L12\n"
SW = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\nK2,05/06/2008,SW9,15/04/2024,,OTHERS\n"


def write(folder, **files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text)
    return folder


def convert(tmp_path, folder):
    out = tmp_path / "ssd"
    report = convert_to_ssd(folder, out, la_code="201", population=40_000)
    return out, report


def test_recognised_by_columns_not_names(tmp_path):
    folder = write(tmp_path / "in", a=HEADER, b=EPISODES, c=REVIEWS)
    assert detect_format(folder) == "ssda903"
    out, report = convert(tmp_path, folder)
    assert report.read["903 Header"] == 2 and report.read["903 Episodes"] == 5 and report.read["903 Reviews"] == 2


def test_header_case_and_extra_columns_tolerated(tmp_path):
    lower = HEADER.replace("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB", "child,Sex,dob,ethnic,upn,mother,mc_dob,NOTES")
    lower = lower.replace("UN3,,\n", "UN3,,,x\n").replace("01/01/2025\n", "01/01/2025,y\n")
    folder = write(tmp_path / "in", header=lower, episodes=EPISODES)
    out, report = convert(tmp_path, folder)
    people = {p["pers_person_id"]: p for p in rows(out, "ssd_person")}
    assert people["K1"]["pers_sex"] == "M" and people["K1"]["pers_upn_unknown"] == "UN3"
    assert people["K2"]["pers_sex"] == "F" and people["K2"]["pers_upn"] == "A201200108001"
    assert people["K2"]["pers_is_mother"] == "Y" and people["K1"]["pers_dob"] == "2010-02-01"
    assert report.unmapped["903 Header"] == ["NOTES"]
    assert [(m["moth_person_id"], m["moth_childs_dob"]) for m in rows(out, "ssd_mother")] == [("K2", "2025-01-01")]


def test_episodes_regrouped_into_periods_placements_and_legal_statuses(tmp_path):
    out, _ = convert(tmp_path, write(tmp_path / "in", header=HEADER, episodes=EPISODES))
    eps = [e for e in rows(out, "ssd_cla_episodes") if e["clae_person_id"] == "K1"]
    assert [e["clae_cla_episode_start_date"] for e in eps] == ["2023-05-01", "2023-05-10", "2024-09-01", "2025-02-03"]
    assert len({e["clae_cla_id"] for e in eps[:3]}) == 1 and eps[3]["clae_cla_id"] != eps[0]["clae_cla_id"]
    assert {e["clae_entered_care_date"] for e in eps[:3]} == {"2023-05-01"}
    assert eps[0]["clae_cla_placement_id"] == eps[1]["clae_cla_placement_id"] != eps[2]["clae_cla_placement_id"]
    places = {p["clap_cla_placement_id"]: p for p in rows(out, "ssd_cla_placement") if p["clap_person_id"] == "K1"}
    first = places[eps[0]["clae_cla_placement_id"]]
    assert (first["clap_cla_placement_start_date"], first["clap_cla_placement_end_date"],
            first["clap_cla_placement_change_reason"], first["clap_cla_placement_urn"]) == (
        "2023-05-01", "2024-09-01", "CARPL", "SC1")
    legal = [(r["lega_legal_status"], r["lega_legal_status_start_date"], r["lega_legal_status_end_date"])
             for r in rows(out, "ssd_legal_status") if r["lega_person_id"] == "K1"]
    assert legal == [("L2", "2023-05-01", "2023-05-10"), ("C1", "2023-05-10", "2024-12-20"), ("V2", "2025-02-03", None)]
    assert {a["addr_address_postcode"] for a in rows(out, "ssd_address")} == {"SE1 1AA"}


def test_other_files_mapped(tmp_path):
    folder = write(tmp_path / "in", header=HEADER, episodes=EPISODES, reviews=REVIEWS, missing=MISSING, oc2=OC2,
                   oc3=OC3, ad1=AD1, sw=SW)
    out, _ = convert(tmp_path, folder)
    reviews = rows(out, "ssd_cla_reviews")
    assert [(r["clar_cla_review_date"], r["clar_cla_review_participation"]) for r in reviews] == [
        ("2023-06-01", "PN1"), ("2025-03-10", "PN4")]
    assert reviews[1]["clar_cla_id"].endswith("C20250203")  # the review falls in the second period of care
    (m,) = rows(out, "ssd_missing")
    assert (m["miss_missing_episode_type"], m["miss_missing_episode_start_date"]) == ("A", "2024-07-02")
    # OC2 is dated 31 March of its return's year (2025 here: the folder's latest date is in 2024/25).
    (sdq,) = rows(out, "ssd_sdq_scores")
    assert (sdq["csdq_sdq_reason"], sdq["csdq_sdq_completed_date"]) == ("SDQ5", "2025-03-31")
    assert rows(out, "ssd_cla_convictions")[0]["clac_cla_conviction_date"] == "2025-03-31"
    assert rows(out, "ssd_cla_immunisations")[0]["clai_immunisations_status"] == "N"
    misuse = rows(out, "ssd_cla_substance_misuse")[0]
    assert (misuse["clas_intervention_received"], misuse["clas_intervention_offered"]) == ("N", "Y")
    assert {h["clah_health_check_type"] for h in rows(out, "ssd_cla_health")} == {"Health assessment", "Dental check"}
    (leaver,) = rows(out, "ssd_care_leavers")
    assert (leaver["clea_care_leaver_accommodation"], leaver["clea_care_leaver_accom_suitable"]) == ("U", "1")
    (perm,) = rows(out, "ssd_permanence")
    assert (perm["perm_adm_decision_date"], perm["perm_matched_date"], perm["perm_adopter_sex"]) == (
        "2024-02-01", "2024-06-01", "MF")
    (inv,) = rows(out, "ssd_involvements")
    assert (inv["invo_professional_id"], inv["invo_involvement_start_date"], inv["invo_worker_change_reason"]) == (
        "SW9", "2024-04-15", "OTHERS")
    assert rows(out, "ssd_professionals")[0]["prof_social_worker_registration_no"] == "SW9"


def test_bad_date_names_file_line_and_column(tmp_path):
    bad = EPISODES.replace("01/09/2024,P", "31/09/2024,P")
    folder = write(tmp_path / "in", header=HEADER, episodes=bad)
    with pytest.raises(FormatError) as err:
        convert(tmp_path, folder)
    e = err.value
    assert e.file.endswith("episodes.csv") and e.line == 4 and e.column == "DECOM" and "'31/09/2024'" in str(e)


def test_missing_child_and_unreadable_csv(tmp_path):
    folder = write(tmp_path / "in", header=HEADER, episodes=EPISODES.replace("K2,15/04/2024", ",15/04/2024"))
    with pytest.raises(FormatError, match=r"episodes\.csv.*line 6.*CHILD is required"):
        convert(tmp_path, folder)
    broken = write(tmp_path / "in2", header=HEADER, episodes=EPISODES + 'K3,"01/01/2024,S\n')
    with pytest.raises(FormatError, match=r"episodes\.csv.*cannot be read as CSV"):
        convert(tmp_path, broken)


# Issue 13, finding 4: a header.csv with wrong headers was skipped with a warning and the load went on, so
# a snapshot of children with no date of birth or sex replaced the current one.

@pytest.mark.parametrize("name, text", [
    ("header", HEADER.replace("CHILD,SEX,DOB", "CHILD,GENDER,BIRTH_DATE")),
    ("children", HEADER.replace("ETHNIC", "ETHNICITY")),  # any name: it shares CHILD and DOB with the Header
    ("reviews", REVIEWS.replace("REVIEW,", "REVIEW_DATE,")),
])
def test_a_903_file_with_the_wrong_headers_is_refused_naming_the_columns_expected(tmp_path, name, text):
    files = {"header": HEADER, "episodes": EPISODES, name: text}
    folder = write(tmp_path / "in", **files)
    with pytest.raises(FormatError) as err:
        convert(tmp_path, folder)
    assert err.value.file.endswith(f"{name}.csv") and "expected CHILD, " in str(err.value)


def test_a_903_return_without_a_header_file_is_refused(tmp_path):
    folder = write(tmp_path / "in", episodes=EPISODES)
    with pytest.raises(FormatError, match="no SSDA903 Header file.*no date of birth or sex"):
        convert(tmp_path, folder)


def test_unrecognised_csv_is_skipped_with_a_warning(tmp_path):
    folder = write(tmp_path / "in", header=HEADER, episodes=EPISODES, lookup="CODE,MEANING\nX,Y\n")
    _, report = convert(tmp_path, folder)
    assert any("lookup.csv" in w and "skipped" in w for w in report.warnings)
