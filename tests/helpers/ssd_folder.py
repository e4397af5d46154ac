"""Tiny SSD folders for tests, written from the schema so they follow it when it changes.

`write_ssd_folder(path, rows)` writes `<table>.csv` for every schema table (absent tables as a
header-only file) and `authority.toml`. `valid_rows()` is a small, consistent authority: three
children, a team, two workers, contacts, a referral, an assessment, a section 47 enquiry, a
conference, a plan and a visit, with every reference resolving.
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path

from lineofsight.schema.authority import Authority, authority_toml
from lineofsight.schema.tables import TABLES, table

DEFAULT_AUTHORITY = Authority(
    la_code="E09000999", la_name="Testshire", region="London", population={2024: 50_000, 2025: 51_000},
    statistical_neighbours=("E09000001",),
)

_VALID: dict[str, list[dict[str, str]]] = {
    "ssd_department": [
        {"dept_team_id": "T1", "dept_team_name": "Assessment team 1", "dept_team_parent_id": "SA1"},
    ],
    "ssd_professionals": [
        {"prof_professional_id": "W1", "prof_professional_name": "Alex Worker", "prof_agency_worker_flag": "N",
         "prof_professional_caseload": "17", "prof_professional_department": "T1", "prof_full_time_equivalency": "1.0",
         "prof_start_date": "2019-04-01"},
        {"prof_professional_id": "W2", "prof_professional_name": "Sam Manager", "prof_agency_worker_flag": "N",
         "prof_professional_department": "T1", "prof_start_date": "2015-09-01"},
    ],
    "ssd_person": [
        {"pers_person_id": "P1", "pers_sex": "F", "pers_ethnicity": "WBRI", "pers_dob": "2015-03-02",
         "pers_forename": "Amy", "pers_surname": "Example"},
        {"pers_person_id": "P2", "pers_sex": "M", "pers_ethnicity": "BAFR", "pers_dob": "2011-11-30"},
        {"pers_person_id": "P3", "pers_sex": "U", "pers_ethnicity": "NOBT", "pers_dob": "2022-06-15"},
    ],
    "ssd_contacts": [
        {"cont_contact_id": "C1", "cont_person_id": "P1", "cont_contact_date": "2024-01-08",
         "cont_contact_source_code": "2A", "cont_contact_outcome": "REF", "cont_contact_recorded_date": "2024-01-09",
         "cont_contact_team": "T1"},
        {"cont_contact_id": "C2", "cont_person_id": "P2", "cont_contact_date": "2024-02-12",
         "cont_contact_source_code": "6", "cont_contact_outcome": "NFA"},
    ],
    "ssd_cin_episodes": [
        {"cine_referral_id": "R1", "cine_person_id": "P1", "cine_referral_date": "2024-01-09",
         "cine_cin_primary_need_code": "N1", "cine_referral_source_code": "2A", "cine_referral_nfa": "N",
         "cine_referral_team": "T1", "cine_referral_worker_id": "W1"},
    ],
    "ssd_cin_assessments": [
        {"cina_assessment_id": "A1", "cina_person_id": "P1", "cina_referral_id": "R1",
         "cina_assessment_start_date": "2024-01-10", "cina_assessment_child_seen": "Y",
         "cina_assessment_auth_date": "2024-02-20", "cina_assessment_team": "T1", "cina_assessment_worker_id": "W1"},
    ],
    "ssd_assessment_factors": [
        {"cinf_table_id": "F1", "cinf_assessment_id": "A1", "cinf_assessment_factors_json": "3A,4B"},
    ],
    "ssd_s47_enquiry": [
        {"s47e_s47_enquiry_id": "S1", "s47e_referral_id": "R1", "s47e_person_id": "P1",
         "s47e_s47_start_date": "2024-01-12", "s47e_s47_end_date": "2024-01-26", "s47e_s47_nfa": "N"},
    ],
    "ssd_initial_cp_conference": [
        {"icpc_icpc_id": "I1", "icpc_s47_enquiry_id": "S1", "icpc_person_id": "P1", "icpc_referral_id": "R1",
         "icpc_icpc_date": "2024-02-01", "icpc_icpc_outcome_cp_flag": "Y", "icpc_cp_plan_id": "CP1"},
    ],
    "ssd_cp_plans": [
        {"cppl_cp_plan_id": "CP1", "cppl_referral_id": "R1", "cppl_icpc_id": "I1", "cppl_person_id": "P1",
         "cppl_cp_plan_start_date": "2024-02-01", "cppl_cp_plan_initial_category": "NEG"},
    ],
    "ssd_cp_visits": [
        {"cppv_cp_visit_id": "V1", "cppv_person_id": "P1", "cppv_cp_plan_id": "CP1",
         "cppv_cp_visit_date": "2024-02-08", "cppv_cp_visit_seen": "Y", "cppv_cp_visit_seen_alone": "N"},
    ],
    "ssd_cla_placement": [
        {"clap_cla_placement_id": "PL1", "clap_person_id": "P2", "clap_cla_placement_start_date": "2023-05-01",
         "clap_cla_placement_type": "U6", "clap_cla_placement_distance": "4.2",
         "clap_cla_placement_postcode": "AB1 2CD"},
    ],
    "ssd_permanence": [
        {"perm_table_id": "PM1", "perm_person_id": "P2", "perm_siblings_placed_together": "1"},
    ],
}


def valid_rows() -> dict[str, list[dict[str, str]]]:
    """A fresh copy of the small valid data set (tests change their copy)."""
    return copy.deepcopy(_VALID)


def write_table(path: Path, name: str, rows: list[dict[str, str]], columns: list[str] | None = None,
                encoding: str = "utf-8") -> Path:
    """One CSV file with the schema's columns (or `columns`), rows as dicts (absent keys empty)."""
    columns = columns or table(name).column_names
    out = path / f"{name}.csv"
    with open(out, "w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return out


def write_ssd_folder(path: Path, rows: dict[str, list[dict[str, str]]] | None = None,
                     authority: Authority | str | None = None) -> Path:
    """Write every schema table (absent ones with a header only) and authority.toml into `path`."""
    path.mkdir(parents=True, exist_ok=True)
    rows = valid_rows() if rows is None else rows
    for t in TABLES:
        write_table(path, t.name, rows.get(t.name, []))
    text = authority if isinstance(authority, str) else authority_toml(authority or DEFAULT_AUTHORITY)
    (path / "authority.toml").write_text(text, encoding="utf-8")
    return path
