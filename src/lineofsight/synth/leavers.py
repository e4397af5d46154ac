"""Care leavers and immigration status.

A young person qualifies as a care leaver after 13 weeks looked after since their 14th birthday,
some of it after their 16th (Children (Leaving Care) Act 2000). They get a personal adviser from
leaving care until 21, and a status record around each birthday from 17 to 21 (the SSDA903 care
leaver window) saying whether the authority is in touch, where they live, whether it is suitable
and what they are doing.
"""

from __future__ import annotations

import numpy as np

from lineofsight.schema.codes import CODE_LISTS
from lineofsight.synth import care_exits
from lineofsight.synth.dates import NODATE, add_years
from lineofsight.synth.frame import Frame, txt
from lineofsight.synth.population import ETHNICITY
from lineofsight.synth.workforce import LEAVERS, TEAM_IDS, team_and_worker
from lineofsight.synth.world import World

IN_TOUCH = tuple(CODE_LISTS["care_leaver_in_touch"])
ACCOM = tuple(CODE_LISTS["care_leaver_accommodation"])
SUITABLE = tuple(CODE_LISTS["accommodation_suitable"])
ACTIVITY = tuple(CODE_LISTS["care_leaver_activity"])
IMMIGRATION = tuple(CODE_LISTS["immigration_status"])
ELIGIBILITY = ("eligible", "relevant", "former relevant")

_ACCOM_MIX = {"U": 30, "D": 22, "E": 8, "B": 12, "K": 3, "T": 4, "C": 2, "S": 2, "V": 1.5, "W": 1, "X": 1.5, "Y": 2, "G": 0.5}
ACCOM_WEIGHTS = np.array([_ACCOM_MIX.get(c, 0) for c in ACCOM], float)
ACCOM_WEIGHTS /= ACCOM_WEIGHTS.sum()
_ACTIVITY_MIX = {"F1": 7, "P1": 1, "F2": 25, "P2": 3, "F4": 8, "P4": 2, "F5": 10, "P5": 6, "G4": 7, "G5": 25, "G6": 6}
ACTIVITY_WEIGHTS = np.array([_ACTIVITY_MIX.get(c, 0) for c in ACTIVITY], float)
ACTIVITY_WEIGHTS /= ACTIVITY_WEIGHTS.sum()
UNSUITABLE = [ACCOM.index(c) for c in ("S", "V", "W", "X")]


def eligible(world: World) -> dict:
    """Qualifying periods of care: the young person, when they left care, and their PA's span."""
    c = world.spine.cla
    dob = world.people.dob[c["pid"]].astype(np.int64)
    b14, b16 = add_years(dob, 14).astype(np.int64), add_years(dob, 16).astype(np.int64)
    b18 = add_years(dob, 18).astype(np.int64)
    start, stop = c["start"].astype(np.int64), c["end"].astype(np.int64)
    after14 = np.minimum(stop, b18) - np.maximum(start, b14)
    ok = (after14 >= 91) & (stop > b16) & (c["kind"] != care_exits.ADOPTION)
    rows = np.flatnonzero(ok)
    pid = c["pid"][rows]
    return {
        "period": rows, "pid": pid, "start": start[rows], "exit": stop[rows], "reason": c["reason"][rows],
        # A personal adviser from leaving care to the status record after the 21st birthday.
        "pa_start": stop[rows], "pa_end": add_years(world.people.dob[pid], 21).astype(np.int64) + 91,
    }


def care_leavers(world: World) -> Frame:
    rng = world.rng("care_leavers")
    lv = world.leavers
    end = world.end
    dob = world.people.dob[lv["pid"]].astype(np.int64)
    b16 = add_years(dob, 16).astype(np.int64)
    parts = []
    for age in range(17, 22):
        rec = add_years(dob, age).astype(np.int64) + rng.integers(-20, 61, dob.size)
        ok = (rec <= end) & (rec >= np.maximum(lv["start"] + 91, b16))
        parts.append((np.flatnonzero(ok), rec[ok], np.full(ok.sum(), age)))
    who = np.concatenate([p[0] for p in parts])
    rec = np.concatenate([p[1] for p in parts])
    age = np.concatenate([p[2] for p in parts])
    order = np.lexsort((rec, who))
    who, rec, age = who[order], rec[order], age[order]
    n = who.size
    in_care = lv["exit"][who] > rec
    elig = np.where(in_care, 0, np.where(age < 18, 1, 2))
    touch = rng.choice(len(IN_TOUCH), size=n, p=_p(IN_TOUCH, {"YES": 88, "NO": 4, "REFU": 2, "NREQ": 3, "RHOM": 3}))
    touch = np.where(in_care, IN_TOUCH.index("YES"), touch)
    yes = touch == IN_TOUCH.index("YES")
    accom = rng.choice(len(ACCOM), size=n, p=ACCOM_WEIGHTS)
    staying = (np.array(care_exits.REC)[np.maximum(lv["reason"][who], 0)] == "E17") & (age <= 20)
    accom = np.where(staying & (rng.random(n) < 0.6), ACCOM.index("Z"), accom)
    accom = np.where(yes, accom, ACCOM.index("0"))
    accom = np.where(in_care, -1, accom)
    suitable = np.where(np.isin(accom, UNSUITABLE) | (rng.random(n) < 0.07), 1, 0)
    suitable = np.where(yes & ~in_care, suitable, -1)
    activity = rng.choice(len(ACTIVITY), size=n, p=ACTIVITY_WEIGHTS)
    activity = np.where(accom == ACCOM.index("X"), ACTIVITY.index("G5"), activity)
    activity = np.where(yes, activity, ACTIVITY.index("0"))
    latest = np.where(yes, rec - rng.integers(0, 46, n), np.where(rng.random(n) < 0.5, rec - rng.integers(60, 300, n), NODATE))
    floor = np.maximum(b16[who], lv["start"][who])
    latest = np.where(latest == NODATE, NODATE, np.maximum(latest, floor))
    review = np.where(rng.random(n) < 0.85, rec - rng.integers(0, 176, n), rec - rng.integers(180, 400, n))
    review = np.maximum(review, floor)
    pid = lv["pid"][who]
    team, worker = team_and_worker(world.seg, world.alloc, pid, rec)
    pa = np.where((worker >= 0) & (team == LEAVERS), worker, -1)
    return {
        "clea_person_id": pid.astype(np.int64),
        "clea_care_leaver_eligibility": txt(elig, ELIGIBILITY),
        "clea_care_leaver_in_touch": touch.astype(np.int16),
        "clea_care_leaver_latest_contact": latest.astype(np.int32),
        "clea_care_leaver_accommodation": accom.astype(np.int16),
        "clea_care_leaver_accom_suitable": suitable.astype(np.int16),
        "clea_care_leaver_activity": activity.astype(np.int16),
        "clea_pathway_plan_review_date": review.astype(np.int32),
        "clea_care_leaver_personal_advisor": txt(pa, world.staff_ids),
        "clea_care_leaver_allocated_team": txt(team, TEAM_IDS),
        "clea_care_leaver_worker_id": worker,
        "clea_record_date": rec.astype(np.int32),
    }


def _p(codes: tuple[str, ...], mix: dict[str, float]) -> np.ndarray:
    w = np.array([mix.get(c, 0.0) for c in codes])
    return w / w.sum()


def immigration(world: World) -> Frame:
    """UASC from arrival to 18, former UASC from 18 to 21; a few other statuses for children from abroad."""
    rng = world.rng("immigration")
    ref = world.spine.ref
    end = world.end
    first = ref["round"] == 0
    u = first & ref["uasc"]
    upid, arrive = ref["pid"][u], ref["date"][u].astype(np.int64)
    b18 = add_years(world.people.dob[upid], 18).astype(np.int64)
    b21 = add_years(world.people.dob[upid], 21).astype(np.int64)
    grown = b18 <= end
    eth = world.people.eth[ref["pid"]]
    abroad = first & ~ref["uasc"] & np.isin(eth, [ETHNICITY.index(e) for e in ("WOTH", "BAFR", "BOTH", "AOTH", "OOTH")]) & (rng.random(ref["pid"].size) < 0.04)
    apid, astart = ref["pid"][abroad], ref["date"][abroad].astype(np.int64)
    astop = astart + rng.integers(200, 1500, apid.size)
    astop = np.minimum(astop, add_years(world.people.dob[apid], 18).astype(np.int64))
    astatus = rng.choice([IMMIGRATION.index(s) for s in ("ASY", "REF", "OTH")], size=apid.size, p=[0.6, 0.3, 0.1])
    pid = np.concatenate([upid, upid[grown], apid])
    start = np.concatenate([arrive, b18[grown], astart])
    stop = np.concatenate([b18, b21[grown], astop])
    status = np.concatenate([np.full(upid.size, IMMIGRATION.index("UASC")), np.full(grown.sum(), IMMIGRATION.index("FUASC")),
                             astatus])
    return {
        "immi_person_id": pid.astype(np.int64),
        "immi_immigration_status_start_date": start.astype(np.int32),
        "immi_immigration_status_end_date": np.where(stop <= end, stop, NODATE).astype(np.int32),
        "immi_immigration_status": status.astype(np.int16),
    }


def pa_segments(world: World) -> dict:
    """Personal-adviser spans for the workforce: from leaving care to 21, in the care leavers team."""
    lv = world.leavers
    keep = lv["pa_start"] < lv["pa_end"]
    return {"pid": lv["pid"][keep], "start": lv["pa_start"][keep], "end": lv["pa_end"][keep],
            "team": np.full(keep.sum(), LEAVERS)}
