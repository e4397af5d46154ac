"""Codes the SSD holds only inside JSON or text (ingest/derive.py, schema/value_map.csv): the contact outcome
as D2I's SystemC and Mosaic deployments write it, read as the single code the conversion measure counts."""

from __future__ import annotations

import datetime as dt
import json

from helpers.ssd_folder import valid_rows, write_ssd_folder
from ingest.test_real_extracts import drop_column
from lineofsight.ingest import load_folder
from lineofsight.measures import selectors
from lineofsight.warehouse.snapshots import open_snapshot, snapshot_authority


def systemc(**flags: str) -> str:
    """An outcome as D2I's SystemC deployment builds it with FOR JSON (SQL Server 2016+)."""
    names = ("NEW_REFERRAL", "EXISTING_REFERRAL", "CP_ENQUIRY", "NFA", "NON_AGENCY_ADOPTION", "PRIVATE_FOSTERING",
             "ADVICE", "MISSING", "OLA_CP", "OTHER_OUTCOMES_EXIST")
    return json.dumps({f"OUTCOME_{n}_FLAG": flags.get(n, "N") for n in names} | {"OUTCOME_COMMENTS": "SSD_PH"})


def contacts(outcomes: list[tuple[str, str]]) -> dict:
    rows = valid_rows()
    rows["ssd_contacts"] = [
        {"cont_contact_id": f"C{i}", "cont_person_id": "P1", "cont_contact_date": "2024-01-08",
         "cont_contact_outcome_json": js, "cont_contact_outcome": code}
        for i, (js, code) in enumerate(outcomes, start=1)
    ]
    return rows


def loaded_outcomes() -> list[tuple[str, str | None]]:
    with open_snapshot() as con:
        return con.execute("SELECT cont_contact_id, cont_contact_outcome FROM ssd_contacts "
                           "ORDER BY cont_contact_id").fetchall()


def test_systemc_outcome_flags_mosaic_text_and_our_json_become_one_code_each(tmp_path):
    legacy = '{"NEW_REFERRAL_FLAG": "N", "EXISTING_REFERRAL_FLAG": "Y", "NFA_FLAG": "N", "TOTAL_NO_OF_OUTCOMES": "1"}'
    rows = contacts([
        (systemc(NEW_REFERRAL="Y"), ""),  # C1: a new referral
        (legacy, ""),  # C2: pre-2016 SQL Server spelling, an existing referral
        (systemc(CP_ENQUIRY="Y", NFA="Y"), ""),  # C3: a CP enquiry is a referral even with NFA ticked too
        (systemc(ADVICE="Y"), ""),  # C4: advice and information
        (systemc(NFA="Y"), ""),  # C5
        (systemc(PRIVATE_FOSTERING="Y"), ""),  # C6: no code of ours: stays empty, reported
        ("CIN Referral", ""),  # C7: Mosaic writes text
        ("EH Referral", ""),  # C8
        ('{"outcome": "SIGN"}', ""),  # C9: our own generator's form
        (systemc(NEW_REFERRAL="Y"), "NFA"),  # C10: a code the extract gives is kept
    ])
    folder = write_ssd_folder(tmp_path / "in", rows)
    result = load_folder(folder)
    assert result.ok, [str(p) for p in result.errors]
    got = dict(loaded_outcomes())
    assert got == {"C1": "REF", "C2": "REF", "C3": "REF", "C4": "INFO", "C5": "NFA", "C6": None, "C7": "REF",
                   "C8": "EH", "C9": "SIGN", "C10": "NFA"}
    warnings = [str(p) for p in result.warnings]
    assert any("column cont_contact_outcome: expected a value in this column (8 of 9 read from "
               "cont_contact_outcome_json" in w and "1 could not be read and stay empty" in w for w in warnings)
    assert any("found 'CIN Referral'" in w and "(read as REF in 1 row(s))" in w for w in warnings)  # the value map


def test_an_extract_without_the_outcome_column_still_counts_conversion(tmp_path):
    """D2I's SSD has no cont_contact_outcome: read from the JSON, the measure is available, not absent."""
    rows = contacts([(systemc(NEW_REFERRAL="Y"), ""), (systemc(NFA="Y"), ""), ("CIN Referral", ""),
                     (systemc(ADVICE="Y"), "")])
    folder = write_ssd_folder(tmp_path / "in", rows)
    drop_column(folder, "ssd_contacts", "cont_contact_outcome")
    assert load_folder(folder).ok
    assert [c for _, c in loaded_outcomes()] == ["REF", "NFA", "REF", "INFO"]
    with open_snapshot() as con:
        authority = snapshot_authority(con)
        (conv,) = selectors.measure_window(con, authority, dt.date(2023, 4, 1), dt.date(2024, 3, 31),
                                           ["contact_to_referral"])
    assert conv["unavailable"] is None
    assert (conv["numerator"], conv["denominator"]) == (2, 4)  # C1 and C3 of four contacts became referrals
