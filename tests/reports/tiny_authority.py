"""A tiny authority for the scrutiny pack tests: two years of contacts and referrals, worked out by hand,
with small numbers where the pack must show "c".

Months run from January 2024 to December 2025 and the pack is built to 31 December 2025, so its
headline window is calendar 2025. Contacts (all recorded the day they arrive):

- team T1: 10 a month, except June and July 2025 with 2 each;
- team T2: 2 a month in 2025 only (24 in 2025);
- team T3: 1 in each of March, June and September 2025 (3 in 2025).

So contacts in 2025 are 104 (T1) + 24 (T2) + 3 (T3) = 131. In the team breakdown T3 (3) is hidden
(primary) and T2, the next smallest, with it (secondary): 131 - 104 would otherwise give T3 away.
In-month contacts are 10 every month of 2024 and 12 or 13 in 2025 except June (2 + 2 + 1 = 5) and
July (2 + 2 = 4), both hidden. Referrals: T1's first 3 contacts a month (2 in June and July 2025), so
34 in 2025 and every month hidden; each has an assessment, the first two each month authorised in 10
working days and the third in 60 (24 of 34 on time in 2025: 70.6%; every month's 2 of 3 or 2 of 2
hidden).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers.ssd_folder import write_ssd_folder
from lineofsight.ingest import load_folder
from lineofsight.schema.authority import Authority

AUTHORITY = Authority(la_code="E09000998", la_name="Testshire", region="London",
                      population={2023: 10_000, 2024: 10_000, 2025: 10_000})
TO = dt.date(2025, 12, 31)
MONTHS = [(2024 + i // 12, i % 12 + 1) for i in range(24)]
TEAMS = {"T1": "Front door team", "T2": "Children in need team", "T3": "Disabled children's team"}

CONTACTS_2025 = {"T1": 104, "T2": 24, "T3": 3}
CONTACTS_IN_MONTH_2025 = {1: 12, 2: 12, 3: 13, 4: 12, 5: 12, 6: 5, 7: 4, 8: 12, 9: 13, 10: 12, 11: 12, 12: 12}


def contacts_per_month(year: int, month: int) -> dict[str, int]:
    t1 = 2 if (year, month) in ((2025, 6), (2025, 7)) else 10
    t2 = 2 if year == 2025 else 0
    t3 = 1 if year == 2025 and month in (3, 6, 9) else 0
    return {"T1": t1, "T2": t2, "T3": t3}


def _days(year: int, month: int, n: int) -> list[dt.date]:
    """n dates spread from the 1st to the 28th (the last on the 28th, so every month counts as covered)."""
    if n == 1:
        return [dt.date(year, month, 15)]
    return [dt.date(year, month, 1 + (k * 27) // (n - 1)) for k in range(n)]


def _wd_after(day: dt.date, n: int) -> dt.date:
    """n weekdays after `day` (the tiny data avoids bank holidays' effect by using margins of days)."""
    out = day
    while n:
        out += dt.timedelta(days=1)
        if out.weekday() < 5:
            n -= 1
    return out


def rows() -> dict[str, list[dict[str, str]]]:
    people, contacts, referrals, assessments = [], [], [], []
    n = 0
    for year, month in MONTHS:
        for team, count in contacts_per_month(year, month).items():
            for k, day in enumerate(_days(year, month, count)):
                n += 1
                pid, cid = f"P{n:04d}", f"C{n:04d}"
                people.append({"pers_person_id": pid, "pers_sex": "F" if n % 2 else "M", "pers_ethnicity": "WBRI",
                               "pers_dob": f"{2012 + n % 6}-0{1 + n % 9}-1{n % 9}"})
                referred = team == "T1" and k < 3
                contacts.append({"cont_contact_id": cid, "cont_person_id": pid, "cont_contact_date": day.isoformat(),
                                 "cont_contact_source_code": "2A", "cont_contact_outcome": "REF" if referred else "NFA",
                                 "cont_contact_recorded_date": day.isoformat(), "cont_contact_team": team})
                if referred:
                    rid = f"R{n:04d}"
                    referrals.append({"cine_referral_id": rid, "cine_person_id": pid, "cine_referral_date": day.isoformat(),
                                      "cine_cin_primary_need_code": "N1", "cine_referral_source_code": "2A",
                                      "cine_referral_nfa": "N", "cine_referral_team": "T1",
                                      "cine_referral_worker_id": "W1", "cine_close_date": _wd_after(day, 80).isoformat(),
                                      "cine_close_reason": "RC8"})
                    start = day
                    auth = _wd_after(start, 10 if k < 2 else 60)
                    assessments.append({"cina_assessment_id": f"A{n:04d}", "cina_person_id": pid, "cina_referral_id": rid,
                                        "cina_assessment_start_date": start.isoformat(),
                                        "cina_assessment_child_seen": "Y", "cina_assessment_auth_date": auth.isoformat(),
                                        "cina_assessment_team": "T1", "cina_assessment_worker_id": "W1"})
    return {
        "ssd_department": [{"dept_team_id": t, "dept_team_name": name} for t, name in TEAMS.items()],
        "ssd_professionals": [
            {"prof_professional_id": f"W{i}", "prof_professional_name": f"Worker {i}", "prof_agency_worker_flag": "N",
             "prof_professional_department": f"T{i}", "prof_start_date": "2019-04-01"} for i in (1, 2, 3)],
        "ssd_person": people,
        "ssd_contacts": contacts,
        "ssd_cin_episodes": referrals,
        "ssd_cin_assessments": assessments,
    }


def load_tiny(folder: Path) -> str:
    """Write and load the tiny authority; the new snapshot's id."""
    write_ssd_folder(folder, rows(), AUTHORITY)
    result = load_folder(folder)
    assert result.ok, [str(p) for p in result.problems][:10]
    return str(result.snapshot_id)
