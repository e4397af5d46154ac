"""Workers and teams given by staff number, name or team name are read as their ids (ingest/resolve.py);
a name two workers share is left as it came and reported by the reference check, never guessed."""

from __future__ import annotations

from helpers.ssd_folder import valid_rows, write_ssd_folder
from lineofsight.ingest import load_folder
from lineofsight.warehouse.snapshots import open_snapshot


def test_staff_numbers_names_and_team_names_are_read_as_ids_and_shared_names_are_not(tmp_path):
    rows = valid_rows()
    rows["ssd_professionals"][0].update(prof_staff_id="S1", prof_professional_department="Assessment team 1")
    rows["ssd_professionals"].append({"prof_professional_id": "W3", "prof_professional_name": "Sam Manager",
                                      "prof_professional_department": "T1"})  # shares W2's name
    rows["ssd_cin_episodes"][0].update(cine_referral_worker_id="alex worker ", cine_referral_team="Assessment team 1")
    rows["ssd_s47_enquiry"][0].update(s47e_s47_completed_by_worker_id="S1")
    rows["ssd_cin_assessments"][0].update(cina_assessment_worker_id="Sam Manager")
    result = load_folder(write_ssd_folder(tmp_path / "in", rows))
    assert result.ok, [str(p) for p in result.errors]
    with open_snapshot() as con:
        got = con.execute("""
            SELECT (SELECT cine_referral_worker_id FROM ssd_cin_episodes), (SELECT cine_referral_team FROM ssd_cin_episodes),
                   (SELECT s47e_s47_completed_by_worker_id FROM ssd_s47_enquiry),
                   (SELECT cina_assessment_worker_id FROM ssd_cin_assessments),
                   (SELECT prof_professional_department FROM ssd_professionals WHERE prof_professional_id = 'W1')
        """).fetchone()
    assert got == ("W1", "T1", "W1", "Sam Manager", "T1")
    warnings = [str(p) for p in result.warnings]
    assert ("warning: ssd_cin_episodes.csv, column cine_referral_worker_id: expected a prof_professional_id "
            "(1 value(s) given as prof_professional_name, read as the prof_professional_id they name)") in warnings
    assert ("warning: ssd_s47_enquiry.csv, column s47e_s47_completed_by_worker_id: expected a prof_professional_id "
            "(1 value(s) given as prof_staff_id, read as the prof_professional_id they name)") in warnings
    assert ("warning: ssd_cin_assessments.csv, row 2, column cina_assessment_worker_id: found 'Sam Manager'; "
            "expected a prof_professional_id that is in ssd_professionals.csv (loaded as written; the data-quality "
            "rules report the record)") in warnings  # the shared name: left as it came, a broken reference
    assert not any("alex" in w.lower() for w in warnings)  # the names read as ids are counted, not listed


def test_a_permanence_record_naming_its_child_by_legacy_id_is_read_as_the_child(tmp_path):
    """SystemC's ssd_permanence fills perm_person_id from the legacy id (D2I, deployment_extracts/systemc)."""
    rows = valid_rows()
    rows["ssd_person"][0]["pers_legacy_id"] = "LEG-1"
    rows["ssd_permanence"] = [{"perm_table_id": "PM1", "perm_person_id": "LEG-1"}]
    result = load_folder(write_ssd_folder(tmp_path / "in", rows))
    assert result.ok, [str(p) for p in result.errors]
    with open_snapshot() as con:
        assert con.execute("SELECT perm_person_id FROM ssd_permanence").fetchall() == [("P1",)]
    assert ("warning: ssd_permanence.csv, column perm_person_id: expected a pers_person_id (1 value(s) given as "
            "pers_legacy_id, read as the pers_person_id they name)") in [str(p) for p in result.warnings]
