"""A small authority written as Data to Insight's SSD v1.4.5 deployment scripts write it, for SystemC
(Liquidlogic) or Mosaic, so the loader is tested on the shape councils' extracts really have.

Every table D2I defines is written, with D2I's headers in D2I's order for that system (from D2I's own
column matrix, lineofsight/schema/ssd_v145_columns.csv; a column the system lacks is not written).
Values are as SQL Server Management Studio exports them: a byte-order mark, CRLF, `NULL` for empty,
datetimes as `2024-06-03 00:00:00.000` (some with a time of day), D2I's placeholders (`SSD_PH`,
`1900-01-01`), descriptions where D2I reads a lookup's description (legal status, CP categories,
episode reasons, care leavers' accommodation and suitability), the contact outcome only as JSON
flags (SystemC) or text (Mosaic), assessment factors as JSON arrays, a referral's worker as a name (SystemC;
Mosaic's ssd_professionals has no names),
section 47 and conference workers as staff numbers, professionals' departments as team names, and a
conference booked but not yet held.

The authority, 30 children in the year 2024-25 (population 10,000, so a rate per 10,000 is a count):
- P01-P27 each have one contact. P01-P20's became referrals (3 June 2024); P21-P24 ended in no
  further action; P25-P27 in advice. Contacts 27; contacts that became referrals 20 of 27.
- P01-P16 were assessed from Tuesday 4 June 2024 (45 working days later is 6 August). P01-P12 were
  authorised on 2 July (20 working days), P13-P16 on 3 September (late). Within 45 working days: 12 of 16.
- P01-P08 had a section 47 enquiry (3-10 July). P01-P06's conferences on 17 July made plans ("Neglect"
  for P01-P03, "Emotional Abuse" for P04-P06); P07's conference is booked for 24 July but not held;
  P08's enquiry ended in no further action. P01 and P02's plans ended on 15 January 2025, so 4
  children were on a plan at 31 March 2025.
- P17-P22 started to be looked after on 1 August 2024 (6 starts); P17-P19 went home on 1 December
  (episode ceased), so 3 were looked after at 31 March 2025.
- P28-P30 are care leavers aged 19 or 20 at 31 March 2025; P28 and P29 in suitable accommodation,
  P30 not: 2 of 3. D2I holds one current row each, with no record date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from lineofsight.schema.authority import Authority, authority_toml
from lineofsight.schema.d2i import System, d2i_header, d2i_tables

AUTHORITY = Authority(la_code="E09000999", la_name="Testshire", region="London",
                      population={2024: 10_000, 2025: 10_000}, statistical_neighbours=("E09000001",))
YEAR_START, YEAR_END = dt.date(2024, 4, 1), dt.date(2025, 3, 31)
TEAMS = {"T100": "Assessment Team A", "T200": "Child Protection Team", "T300": "Children in Care Team"}
WORKERS = {  # id: (staff number, name, team)
    "W1": ("S0001", "Jo Smith", "T100"),
    "W2": ("S0002", "Sam Patel", "T200"),
    "W3": ("S0003", "Lee Jones", "T300"),
}
UPNS = {f"P{i:02d}": f"H{999000000000 + i * 7919:012d}" for i in range(1, 31)}
FACTORS = {f"P{i:02d}": ["1A", "2B"] if i % 2 else ["3A"] for i in range(1, 17)}


def ss(d: str | None, time: str = "00:00:00.000") -> str | None:
    """A date as SQL Server's datetime prints it."""
    return None if d is None else f"{d} {time}"


def _flags(**set_: str) -> str:
    names = ("NEW_REFERRAL", "EXISTING_REFERRAL", "CP_ENQUIRY", "NFA", "NON_AGENCY_ADOPTION", "PRIVATE_FOSTERING",
             "ADVICE", "MISSING", "OLA_CP", "OTHER_OUTCOMES_EXIST")
    return json.dumps({f"OUTCOME_{n}_FLAG": set_.get(n, "N") for n in names}
                      | {"OUTCOME_COMMENTS": "SSD_PH", "TOTAL_NO_OF_OUTCOMES": "1"})


def _children() -> list[str]:
    return [f"P{i:02d}" for i in range(1, 31)]


def rows(system: System) -> dict[str, list[dict]]:
    """Every record of the authority, keyed by D2I's column names."""
    r: dict[str, list[dict]] = {t: [] for t in d2i_tables()}
    r["ssd_department"] = [{"dept_team_id": k, "dept_team_name": v, "dept_team_parent_id": "SA1",
                            "dept_team_parent_name": "Children's Social Care"} for k, v in TEAMS.items()]
    r["ssd_professionals"] = [
        {"prof_professional_id": w, "prof_staff_id": s, "prof_professional_name": n,
         "prof_social_worker_registration_no": f"SW{100 + i}", "prof_agency_worker_flag": "N",
         "prof_professional_job_title": "Social Worker", "prof_professional_caseload": "15",
         "prof_professional_department": TEAMS[t], "prof_full_time_equivalency": "1"}
        for i, (w, (s, n, t)) in enumerate(WORKERS.items())]
    for i, p in enumerate(_children(), start=1):
        dob = {"P28": "2005-05-01", "P29": "2004-09-01", "P30": "2005-01-10"}.get(p, f"{2008 + i % 15}-0{1 + i % 9}-15")
        r["ssd_person"].append({
            "pers_legacy_id": f"L{i:05d}", "pers_person_id": p, "pers_upn": UPNS[p], "pers_forename": "SSD_PH",
            "pers_surname": "SSD_PH", "pers_sex": "I" if p == "P05" else ("F" if i % 2 else "M"),
            "pers_gender": "SSD_PH", "pers_ethnicity": "WBRI", "pers_dob": ss(dob),
            "pers_single_unique_id": None, "pers_upn_unknown": None, "pers_send_flag": "N",
            "pers_expected_dob": None, "pers_death_date": "1900-01-01", "pers_is_mother": "N",
            "pers_nationality": "British"})
        if i <= 27:
            outcome = _flags(NEW_REFERRAL="Y") if i <= 20 else _flags(NFA="Y") if i <= 24 else _flags(ADVICE="Y")
            if system == "mosaic":
                outcome = "CIN Referral" if i <= 20 else None
            date = "2024-05-31" if i <= 20 else f"2024-10-{i - 10:02d}"
            r["ssd_contacts"].append({
                "cont_contact_id": f"C{i:02d}", "cont_person_id": p, "cont_contact_date": ss(date, "09:41:12.000"),
                "cont_contact_source_code": "2A", "cont_contact_source_desc": "SSD_PH",
                "cont_contact_outcome_json": outcome})
        if i <= 20:
            r["ssd_cin_episodes"].append({
                "cine_referral_id": f"R{i:02d}", "cine_person_id": p, "cine_referral_date": ss("2024-06-03"),
                "cine_cin_primary_need_code": "N1", "cine_referral_source_code": "2A",
                "cine_referral_source_desc": "Police", "cine_referral_outcome_json": None, "cine_referral_nfa": "N",
                "cine_close_reason": None, "cine_close_date": None, "cine_referral_team": "T100",
                "cine_referral_worker_id": "Jo Smith" if system == "systemc" else "W1"})  # Mosaic has no names
        if i <= 16:
            auth = "2024-07-02" if i <= 12 else "2024-09-03"
            r["ssd_cin_assessments"].append({
                "cina_assessment_id": f"A{i:02d}", "cina_person_id": p, "cina_referral_id": f"R{i:02d}",
                "cina_assessment_start_date": ss("2024-06-04"), "cina_assessment_child_seen": "Y",
                "cina_assessment_auth_date": ss(auth, "16:05:00.000"), "cina_assessment_outcome_json": None,
                "cina_assessment_outcome_nfa": "N", "cina_assessment_team": "T100",
                "cina_assessment_worker_id": "W1"})
            r["ssd_assessment_factors"].append({"cinf_table_id": f"F{i:02d}", "cinf_assessment_id": f"A{i:02d}",
                                                "cinf_assessment_factors_json": json.dumps(FACTORS[p])})
        if 9 <= i <= 12:
            r["ssd_cin_plans"].append({
                "cinp_cin_plan_id": f"CP{i:02d}", "cin_plan_id": f"CP{i:02d}", "cinp_referral_id": f"R{i:02d}",
                "cinp_person_id": p, "cinp_cin_plan_start_date": ss("2024-07-05"), "cinp_cin_plan_end_date": None,
                "cinp_cin_plan_team": "T100", "cinp_cin_plan_worker_id": "W1"})
        if i <= 8:
            r["ssd_s47_enquiry"].append({
                "s47e_s47_enquiry_id": f"S{i:02d}", "s47e_referral_id": f"R{i:02d}", "s47e_person_id": p,
                "s47e_s47_start_date": ss("2024-07-03"), "s47e_s47_end_date": ss("2024-07-10"),
                "s47e_s47_nfa": "Y" if i == 8 else "N", "s47e_s47_outcome_json": None,
                "s47e_s47_completed_by_team": "Child Protection Team", "s47e_s47_completed_by_worker_id": "S0002"})
        if i <= 7:
            held = i <= 6
            r["ssd_initial_cp_conference"].append({
                "icpc_icpc_id": f"I{i:02d}", "icpc_icpc_meeting_id": f"M{i:02d}", "icpc_s47_enquiry_id": f"S{i:02d}",
                "icpc_person_id": p, "icpc_cp_plan_id": f"PL{i:02d}" if held else None,
                "icpc_referral_id": f"R{i:02d}", "icpc_icpc_transfer_in": "N",
                "icpc_icpc_target_date": ss("2024-07-24"), "icpc_icpc_date": ss("2024-07-17") if held else None,
                "icpc_icpc_outcome_cp_flag": "Y" if held else None, "icpc_icpc_outcome_json": None,
                "icpc_icpc_team": "T200", "icpc_icpc_worker_id": "S0002"})
        if i <= 6:
            category = "Neglect" if i <= 3 else "Emotional Abuse"
            r["ssd_cp_plans"].append({
                "cppl_cp_plan_id": f"PL{i:02d}", "cppl_referral_id": f"R{i:02d}", "cppl_icpc_id": f"I{i:02d}",
                "cppl_person_id": p, "cppl_cp_plan_start_date": ss("2024-07-17"),
                "cppl_cp_plan_end_date": ss("2025-01-15") if i <= 2 else None, "cppl_cp_plan_ola": "N",
                "cppl_cp_plan_initial_category": category, "cppl_cp_plan_latest_category": category})
            r["ssd_involvements"].append({
                "invo_involvements_id": f"V{i:02d}", "invo_professional_id": "W2", "invo_professional_role_id": "CW",
                "invo_professional_team": "T200", "invo_person_id": p, "invo_involvement_start_date": ss("2024-07-17"),
                "invo_involvement_end_date": None, "invo_worker_change_reason": None, "invo_referral_id": f"R{i:02d}"})
        if 3 <= i <= 6:
            r["ssd_cp_visits"].append({
                "cppv_cp_visit_id": f"CV{i:02d}", "cppv_person_id": p, "cppv_cp_plan_id": f"PL{i:02d}",
                "cppv_cp_visit_date": ss("2025-03-28", "11:30:00.000"), "cppv_cp_visit_seen": "Y",
                "cppv_cp_visit_seen_alone": "N", "cppv_cp_visit_bedroom": "SSD_PH"})
        if 17 <= i <= 22:
            ended = ss("2024-12-01") if i <= 19 else None
            r["ssd_cla_episodes"].append({
                "clae_cla_episode_id": f"E{i:02d}", "clae_person_id": p, "clae_cla_placement_id": f"PLC{i:02d}",
                "clae_cla_episode_start_date": ss("2024-08-01"),
                "clae_cla_episode_start_reason": "Started to be looked after", "clae_cla_primary_need_code": "N1",
                "clae_cla_episode_ceased_date": ended,
                "clae_cla_episode_ceased_reason": "Returned home as part of care planning" if ended else None,
                "clae_cla_id": f"CLA{i:02d}", "clae_referral_id": f"R{i:02d}",
                "clae_cla_last_iro_contact_date": None, "clae_entered_care_date": ss("2024-08-01")})
            r["ssd_cla_placement"].append({
                "clap_cla_placement_id": f"PLC{i:02d}", "clap_cla_id": f"CLA{i:02d}", "clap_person_id": p,
                "clap_cla_placement_start_date": ss("2024-08-01"), "clap_cla_placement_type": "U4",
                "clap_cla_placement_urn": "SC123456", "clap_cla_placement_distance": "4.2",
                "clap_cla_placement_provider": "PR1", "clap_cla_placement_postcode": "SSD_PH",
                "clap_cla_placement_end_date": ended, "clap_cla_placement_change_reason": None})
            r["ssd_legal_status"].append({
                "lega_legal_status_id": f"LS{i:02d}", "lega_person_id": p, "lega_legal_status": "Interim Care Order (s38)",
                "lega_legal_status_start_date": ss("2024-08-01"), "lega_legal_status_end_date": ended})
        if i >= 28:
            r["ssd_care_leavers"].append({
                "clea_table_id": f"CL{i}", "clea_person_id": p, "clea_care_leaver_eligibility": "Former relevant",
                "clea_care_leaver_in_touch": "Yes", "clea_care_leaver_latest_contact": ss("2025-02-10"),
                "clea_care_leaver_accommodation": "Independent living",
                "clea_care_leaver_accom_suitable": "Not suitable" if i == 30 else "Suitable",
                "clea_care_leaver_activity": "Full-time employment", "clea_pathway_plan_review_date": ss("2025-01-15"),
                "clea_care_leaver_personal_advisor": "SSD_PH", "clea_care_leaver_allocated_team": "T300",
                "clea_care_leaver_worker_id": "W3"})
    return r


def write_extract(folder: Path, system: System) -> dict[str, list[str]]:
    """Write every D2I table as `<table>.csv` for `system`; return each file's header."""
    folder.mkdir(parents=True, exist_ok=True)
    headers: dict[str, list[str]] = {}
    for name, records in rows(system).items():
        header = d2i_header(name, system)
        if not header:
            continue
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\r\n")
        w.writerow(header)
        for rec in records:
            w.writerow(["NULL" if rec.get(c) is None else rec[c] for c in header])
        (folder / f"{name}.csv").write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
        headers[name] = header
    (folder / "authority.toml").write_text(authority_toml(AUTHORITY), encoding="utf-8")
    return headers
