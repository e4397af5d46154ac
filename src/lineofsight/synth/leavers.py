"""Care leavers and immigration status.

A young person qualifies as a care leaver after 13 weeks looked after since their 14th birthday,
some of it after their 16th (Children (Leaving Care) Act 2000). From 16 (or 13 weeks into care) they
have a pathway plan, reviewed at least every 6 months (Care Leavers (England) Regulations 2010,
reg. 7, and the Care Planning Regulations 2010 while still looked after) and on leaving care. Each
review writes a status record: in touch, where they live, whether it is suitable, what they are
doing. A personal adviser follows them from leaving care to 22, and to 25 for the share who still
ask for support (Children and Social Work Act 2017; DfE: about half of 22 year old care leavers).
Reviews run to each team's compliance: on time, a few weeks before the due date; late, two weeks to
four months after it, which leaves the plan out of date (England runs at roughly 80-90% current).
"""

from __future__ import annotations

import numpy as np

from lineofsight.schema.codes import CODE_LISTS
from lineofsight.synth import care_exits
from lineofsight.synth.dates import NODATE, add_months, add_years
from lineofsight.synth.frame import Frame, txt
from lineofsight.synth.population import ETHNICITY
from lineofsight.synth.schedule import standing
from lineofsight.synth.workforce import LEAVERS, TEAM_IDS, team_and_worker
from lineofsight.synth.world import World

IN_TOUCH = tuple(CODE_LISTS["care_leaver_in_touch"])
ACCOM = tuple(CODE_LISTS["care_leaver_accommodation"])
SUITABLE = tuple(CODE_LISTS["accommodation_suitable"])
ACTIVITY = tuple(CODE_LISTS["care_leaver_activity"])
IMMIGRATION = tuple(CODE_LISTS["immigration_status"])
ELIGIBILITY = ("eligible", "relevant", "former relevant")

# DfE Children looked after in England: about 91% of care leavers aged 19-21 in touch (2021), 88% in
# suitable accommodation (2024), about 5% in accommodation judged unsuitable.
_IN_TOUCH_MIX = {"YES": 93.5, "NO": 3.0, "REFU": 1.0, "NREQ": 1.0, "RHOM": 1.5}
_ACCOM_MIX = {"U": 30, "D": 22, "E": 8, "B": 12, "K": 3, "T": 4, "C": 2, "S": 1, "V": 1, "W": 0.5, "X": 1, "Y": 2, "G": 0.5}
ACCOM_WEIGHTS = np.array([_ACCOM_MIX.get(c, 0) for c in ACCOM], float)
ACCOM_WEIGHTS /= ACCOM_WEIGHTS.sum()
_ACTIVITY_MIX = {"F1": 7, "P1": 1, "F2": 25, "P2": 3, "F4": 8, "P4": 2, "F5": 10, "P5": 6, "G4": 7, "G5": 25, "G6": 6}
ACTIVITY_WEIGHTS = np.array([_ACTIVITY_MIX.get(c, 0) for c in ACTIVITY], float)
ACTIVITY_WEIGHTS /= ACTIVITY_WEIGHTS.sum()
UNSUITABLE = [ACCOM.index(c) for c in ("S", "V", "W", "X")]
P_OTHER_UNSUITABLE = 0.005  # otherwise ordinary accommodation judged unsuitable (overcrowded, unsafe)

SHARE_TO_25 = 0.35  # still receiving services after 22, up to 25
REVIEW_MONTHS = 6
# Share of pathway plan reviews on time, by team: from MIN in the least compliant team to MIN + SPREAD
# in the most. About 85% of care leavers have a plan reviewed in the last 6 months at any month end.
REVIEW_ON_TIME_MIN = 0.34
REVIEW_ON_TIME_SPREAD = 0.35


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
    to25 = world.rng("care_leavers_to_25").random(rows.size) < SHARE_TO_25
    until = add_years(world.people.dob[pid], np.where(to25, 25, 22)).astype(np.int64)
    return {
        "period": rows, "pid": pid, "start": start[rows], "exit": stop[rows], "reason": c["reason"][rows],
        # Status records (pathway plan reviews) stop at `until`; the personal adviser's span ends with them.
        "until": until, "pa_start": stop[rows], "pa_end": until,
    }


def _reviews(world: World) -> tuple[np.ndarray, np.ndarray]:
    """(leaver row, review date): every 6 months from 16, one on leaving care, until `until` or the end date.

    Vectorised in rounds: each round moves every live series on by one review.
    """
    rng = world.rng("care_leaver_reviews")
    lv = world.leavers
    n = lv["pid"].size
    b16 = add_years(world.people.dob[lv["pid"]], 16).astype(np.int64)
    exit_ = lv["exit"].astype(np.int64)
    stop = np.minimum(lv["until"], world.end + 1)
    cur = np.maximum(lv["start"] + 91, b16) + rng.integers(0, 29, n)
    owners, dates = [], []
    idx = np.arange(n)
    while idx.size:
        live = cur < stop[idx]
        idx, cur = idx[live], cur[live]
        if not idx.size:
            break
        owners.append(idx)
        dates.append(cur)
        team, _ = team_and_worker(world.seg, world.alloc, lv["pid"][idx], cur)
        p_on_time = REVIEW_ON_TIME_MIN + REVIEW_ON_TIME_SPREAD * standing(world.compliance)[np.maximum(team, 0)]
        due = add_months(cur, REVIEW_MONTHS).astype(np.int64)
        on_time = rng.random(idx.size) < p_on_time
        nxt = np.where(on_time, due - rng.integers(0, 22, idx.size), due + rng.integers(21, 151, idx.size))
        leaving = (cur < exit_[idx]) & (nxt >= exit_[idx])
        cur = np.where(leaving, exit_[idx] + rng.integers(0, 15, idx.size), nxt)
    if not owners:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    who, review = np.concatenate(owners), np.concatenate(dates)
    order = np.lexsort((review, who))
    return who[order], review[order]


def care_leavers(world: World) -> Frame:
    rng = world.rng("care_leavers")
    lv = world.leavers
    end = world.end
    who, review = _reviews(world)
    rec = np.minimum(review + rng.choice([0, 0, 1, 2, 3, 5, 7], size=who.size), end)
    n = who.size
    dob = world.people.dob[lv["pid"][who]]
    b18 = add_years(dob, 18).astype(np.int64)
    b21 = add_years(dob, 21).astype(np.int64)
    in_care = lv["exit"][who] > rec
    elig = np.where(in_care, 0, np.where(rec < b18, 1, 2))
    touch = rng.choice(len(IN_TOUCH), size=n, p=_p(IN_TOUCH, _IN_TOUCH_MIX))
    touch = np.where(in_care, IN_TOUCH.index("YES"), touch)
    yes = touch == IN_TOUCH.index("YES")
    accom = rng.choice(len(ACCOM), size=n, p=ACCOM_WEIGHTS)
    staying = (np.array(care_exits.REC)[np.maximum(lv["reason"][who], 0)] == "E17") & (rec < b21)
    accom = np.where(staying & (rng.random(n) < 0.6), ACCOM.index("Z"), accom)
    accom = np.where(yes, accom, ACCOM.index("0"))
    accom = np.where(in_care, -1, accom)
    suitable = np.where(np.isin(accom, UNSUITABLE) | (rng.random(n) < P_OTHER_UNSUITABLE), 1, 0)
    suitable = np.where(yes & ~in_care, suitable, -1)
    activity = rng.choice(len(ACTIVITY), size=n, p=ACTIVITY_WEIGHTS)
    activity = np.where(accom == ACCOM.index("X"), ACTIVITY.index("G5"), activity)
    activity = np.where(yes, activity, ACTIVITY.index("0"))
    b16 = add_years(dob, 16).astype(np.int64)
    floor = np.maximum(b16, lv["start"][who])
    latest = np.where(yes, rec - rng.integers(0, 46, n), np.where(rng.random(n) < 0.5, rec - rng.integers(60, 300, n), NODATE))
    latest = np.where(latest == NODATE, NODATE, np.maximum(latest, floor))
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
    """Personal-adviser spans for the workforce: from leaving care to 22 (or 25), in the care leavers team."""
    lv = world.leavers
    keep = lv["pa_start"] < lv["pa_end"]
    return {"pid": lv["pid"][keep], "start": lv["pa_start"][keep], "end": lv["pa_end"][keep],
            "team": np.full(keep.sum(), LEAVERS)}
