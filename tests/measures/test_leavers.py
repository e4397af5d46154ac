"""Care leaver measures, hand-worked at Monday 31 March 2025: ages 19 to 21 on that day."""

import pytest

from measures.builders import Db

END = ("2025-03-01", "2025-03-31")


@pytest.fixture
def leavers():
    db = Db()

    def leaver(pid, dob, recorded, touch, activity=None, accom=None, suitable=None, pathway=None):
        db.person(pid, dob)
        db.add("ssd_care_leavers", clea_person_id=pid, clea_record_date=recorded, clea_care_leaver_in_touch=touch,
               clea_care_leaver_activity=activity, clea_care_leaver_accommodation=accom,
               clea_care_leaver_accom_suitable=suitable, clea_pathway_plan_review_date=pathway)

    leaver("Q1", "2006-03-31", "2025-01-01", "YES", "F2", "U", "1", "2024-10-01")  # 19 today
    leaver("Q2", "2003-04-01", "2025-01-01", "NO", "0", "0", None, "2024-09-30")  # 21 until tomorrow
    leaver("Q3", "2006-04-01", "2025-01-01", "YES", "F1", "Z", "1", "2025-03-01")  # 18: not 19-21
    leaver("Q4", "2004-01-01", "2024-01-01", "YES", "G5", "X", "2")  # 21, in custody
    db.add("ssd_care_leavers", clea_person_id="Q4", clea_record_date="2025-04-01", clea_care_leaver_in_touch="YES",
           clea_care_leaver_activity="F5")  # recorded after the snapshot: not its latest then
    leaver("Q5", "2005-01-01", "2025-01-01", "DIED")  # has died: left out
    leaver("Q6", "2005-06-01", "2025-01-01", "REFU", "P5", "Z", "2", "2025-01-01")  # 19, refuses contact
    leaver("Q7", "2008-01-01", "2025-01-01", "NREQ", pathway="2023-01-01")  # 17, no longer requires services
    leaver("Q8", "2002-01-01", "2025-01-01", "YES", "F5", "U", "1", "2025-01-01")  # 23: too old
    return db


def test_care_leavers_in_touch(leavers):
    # Aged 19-21, alive: Q1 YES, Q2 NO, Q4 YES (its record of 1 Jan 2024), Q6 REFU -> 2 of 4.
    assert leavers.figure("care_leavers_in_touch", *END) == (2, 4, 50.0)
    by_person = {r["person_id"]: r["in_numerator"] for r in leavers.children("care_leavers_in_touch", END[1])}
    assert by_person == {"Q1": True, "Q2": False, "Q4": True, "Q6": False}


def test_care_leavers_eet_keeps_those_not_in_touch(leavers):
    # Q1 F2 yes, Q2 (not in touch) no, Q4 G5 no (its April 2025 record is after the snapshot), Q6 P5 yes.
    assert leavers.figure("care_leavers_eet_19_21", *END) == (2, 4, 50.0)
    # A day later Q2 has turned 22 (out), Q3 has turned 19 (in, F1) and Q4's F5 record counts:
    # Q1, Q3, Q4, Q6 -> 4 of 4.
    assert leavers.figure("care_leavers_eet_19_21", "2025-04-01", "2025-04-01") == (4, 4, 100.0)


def test_care_leavers_suitable_accommodation(leavers):
    # Q1 suitable; Q2 not recorded; Q4 and Q6 not suitable -> 1 of 4.
    assert leavers.figure("care_leavers_suitable_accom_19_21", *END) == (1, 4, 25.0)


def test_care_leavers_in_custody(leavers):
    # Q4 (X) -> 1 of 4.
    assert leavers.figure("care_leavers_in_custody", *END) == (1, 4, 25.0)


def test_care_leavers_pathway_plan_current(leavers):
    # Aged 16-21, not died or no longer requiring services: Q1, Q2, Q3, Q4, Q6.
    # Reviewed after 30 September 2024: Q1 (1 Oct), Q3, Q6 yes; Q2 (30 Sep) no; Q4 none -> 3 of 5.
    assert leavers.figure("care_leavers_pathway_plan_current", *END) == (3, 5, 60.0)
