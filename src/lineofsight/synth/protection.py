"""Section 47 enquiries, initial conferences, child protection plans, CIN plans, their reviews and visits.

Visits run to each team's own compliance: CP visits every 10 working days (two weeks), CIN visits
at the authority's local standard (authority.toml [standards] cin_visit_days). Every visit falls
inside its plan; a visit outside any plan or episode is an injected defect, never natural.
"""

from __future__ import annotations

import numpy as np

from lineofsight.synth.dates import NODATE, add_months, add_years
from lineofsight.synth.frame import Frame, flag, numbered, txt
from lineofsight.synth.schedule import recurring, standing
from lineofsight.synth.workforce import TEAM_IDS, team_and_worker
from lineofsight.synth.world import World

S47_OUTCOMES = tuple(f'{{"outcome": "{o}"}}' for o in (
    "No further action", "Continue assessment as child in need", "Initial child protection conference"))
ICPC_OUTCOMES = tuple(f'{{"outcome": "{o}"}}' for o in ("No child protection plan", "Child protection plan"))
PARTICIPATION = ("Attended", "Views shared through advocate", "Views shared in writing", "Did not participate",
                 "Too young to participate")
CP_VISIT_DAYS = 14  # every 10 working days
CIN_VISIT_DAYS = 20
# Share of CP reviews held on time, by team: from REVIEW_ON_TIME_MIN in the least compliant team to
# MIN + SPREAD in the most (about 94% overall; DfE CIN census: about 90% of children on a plan for
# 3 months or more had all their reviews on time).
REVIEW_ON_TIME_MIN = 0.89
REVIEW_ON_TIME_SPREAD = 0.09


def _future(d: np.ndarray, end: int) -> np.ndarray:
    return np.where(d <= end, d, NODATE).astype(np.int32)


def s47(world: World) -> Frame:
    s = world.spine.s47
    end = world.end
    done = s["end"] <= end
    team, worker = team_and_worker(world.seg, world.alloc, s["pid"], np.minimum(s["end"], end).astype(np.int64))
    return {
        "s47e_referral_id": s["ref"].astype(np.int64),
        "s47e_person_id": s["pid"].astype(np.int64),
        "s47e_s47_start_date": s["start"],
        "s47e_s47_end_date": _future(s["end"], end),
        "s47e_s47_nfa": flag(s["outcome"] == 0, known=done),
        "s47e_s47_outcome_json": txt(np.where(done, s["outcome"], -1), S47_OUTCOMES),
        "s47e_s47_completed_by_team": txt(team, TEAM_IDS),
        "s47e_s47_completed_by_worker_id": worker,
    }


def icpc(world: World) -> Frame:
    c = world.spine.icpc
    end = world.end
    ref_date = world.spine.ref["date"][c["ref"]].astype(np.int64)
    team, worker = team_and_worker(world.seg, world.alloc, c["pid"], np.maximum(ref_date, c["date"].astype(np.int64) - 1))
    n = c["pid"].size
    return {
        "icpc_icpc_meeting_id": numbered("CPM", n),
        "icpc_s47_enquiry_id": c["s47"].astype(np.int64),
        "icpc_person_id": c["pid"].astype(np.int64),
        "icpc_cp_plan_id": c["cp"].astype(np.int64),
        "icpc_referral_id": c["ref"].astype(np.int64),
        "icpc_icpc_transfer_in": flag(c["transfer"]),
        "icpc_icpc_target_date": _future(c["target"], end),
        "icpc_icpc_date": c["date"],
        "icpc_icpc_outcome_cp_flag": flag(c["cp"] >= 0),
        "icpc_icpc_outcome_json": txt((c["cp"] >= 0).astype(np.int32), ICPC_OUTCOMES),
        "icpc_icpc_team": txt(team, TEAM_IDS),
        "icpc_icpc_worker_id": worker,
    }


def cp_plans(world: World) -> Frame:
    p = world.spine.cpp
    return {
        "cppl_referral_id": p["ref"].astype(np.int64),
        "cppl_icpc_id": p["icpc"].astype(np.int64),
        "cppl_person_id": p["pid"].astype(np.int64),
        "cppl_cp_plan_start_date": p["start"],
        "cppl_cp_plan_end_date": _future(p["end"], world.end),
        "cppl_cp_plan_ola": flag(np.zeros(p["pid"].size, bool)),
        "cppl_cp_plan_initial_category": p["initial"],
        "cppl_cp_plan_latest_category": p["latest"],
    }


def cp_reviews(world: World) -> Frame:
    """Review conferences: 3 months after the plan starts, then every 6 months; the last one ends the plan.

    Working Together 2023 (paras 239-240): the first review within 3 months of the initial conference,
    later ones within 6 months of the one before. A plan's team holds its reviews at a steady slot,
    the same few days before each due date (the final review's, which the simulation fixed), and never
    more than 6 months after the last one held; a review missing its slot, as often as the team's
    compliance says, is held up to 25 days late. About 94% of reviews are on time, so about 90% of
    children on a plan have had every review in the year on time (DfE CIN census, NI 67).
    """
    rng = world.rng("cp_reviews")
    p = world.spine.cpp
    end = world.end
    n = p["pid"].size
    start = p["start"].astype(np.int64)
    final_due = add_months(start, 3 + 6 * (p["k_end"] - 1)).astype(np.int64)
    final_early = final_due - p["end"]
    slot = np.where((p["cause"] == 0) & (final_early >= 0) & (final_early <= 10), final_early, rng.integers(0, 11, n))
    team, _ = team_and_worker(world.seg, world.alloc, p["pid"], start + 91)
    p_on_time = REVIEW_ON_TIME_MIN + REVIEW_ON_TIME_SPREAD * standing(world.compliance)[np.maximum(team, 0)]
    rows: dict[str, list[np.ndarray]] = {"plan": [], "due": [], "held": [], "cont": []}
    k = 1
    idx = np.arange(n)
    previous = np.full(n, NODATE, np.int64)
    while idx.size:
        due = add_months(start[idx], 3 + 6 * (k - 1)).astype(np.int64)
        on_time = rng.random(idx.size) < p_on_time[idx]
        latest_on_time = np.where(k == 1, due, np.minimum(due, add_months(previous[idx], 6)))
        held = np.where(on_time, np.minimum(due - slot[idx], latest_on_time), due + rng.integers(1, 26, idx.size))
        final = (p["cause"][idx] == 0) & (p["k_end"][idx] == k)
        held = np.where(final, p["end"][idx], held)
        live = (held <= p["end"][idx]) & (held <= end) & (held > start[idx])
        for key, v in (("plan", idx), ("due", due), ("held", held), ("cont", ~final)):
            rows[key].append(v[live])
        previous[idx] = held
        idx = idx[live & ~final]
        k += 1
    plan = np.concatenate(rows["plan"])
    held = np.concatenate(rows["held"]).astype(np.int32)
    m = plan.size
    age = (held - world.people.dob[p["pid"][plan]]) / 365.25
    part = np.where(age < 5, PARTICIPATION.index("Too young to participate"), rng.choice(4, size=m, p=[0.3, 0.25, 0.25, 0.2]))
    return {
        "cppr_person_id": p["pid"][plan].astype(np.int64),
        "cppr_cp_plan_id": plan.astype(np.int64),
        "cppr_cp_review_due": _future(np.concatenate(rows["due"]), end),
        "cppr_cp_review_date": held,
        "cppr_cp_review_meeting_id": numbered("CPR", m),
        "cppr_cp_review_outcome_continue_cp": flag(np.concatenate(rows["cont"])),
        "cppr_cp_review_quorate": txt(np.where(rng.random(m) < 0.97, 0, 1), ("Y", "N")),
        "cppr_cp_review_participation": txt(part, PARTICIPATION),
    }


def _visits(world: World, stream: str, pid: np.ndarray, start: np.ndarray, stop: np.ndarray, interval: int,
            first_max: int) -> tuple[np.ndarray, np.ndarray]:
    rng = world.rng(stream)
    team, _ = team_and_worker(world.seg, world.alloc, pid, start.astype(np.int64))
    on_time = world.compliance[np.maximum(team, 0)]
    b18 = add_years(world.people.dob[pid], 18).astype(np.int64)
    last = np.minimum(np.minimum(stop.astype(np.int64), world.end), b18 - 1)
    return recurring(rng, start, last, interval, on_time, rng.integers(1, first_max + 1, pid.size), world.window)


def _seen(rng: np.random.Generator, age: np.ndarray, p_seen: float, p_alone: float, p_bedroom: float):
    n = age.size
    seen = rng.random(n) < p_seen
    alone = seen & (age >= 4) & (rng.random(n) < p_alone)
    bedroom = seen & (rng.random(n) < p_bedroom)
    return flag(seen), flag(alone), flag(bedroom)


def _recorded(rng: np.random.Generator, date: np.ndarray, end: int) -> np.ndarray:
    lag = rng.choice([0, 1, 2, 3, 5, 7], size=date.size, p=[0.35, 0.3, 0.15, 0.1, 0.06, 0.04])
    return np.minimum(date + lag, end).astype(np.int32)


def cp_visits(world: World) -> Frame:
    p = world.spine.cpp
    plan, date = _visits(world, "cp_visits", p["pid"], p["start"], p["end"], CP_VISIT_DAYS, 7)
    rng = world.rng("cp_visits_detail")
    pid = p["pid"][plan]
    seen, alone, bedroom = _seen(rng, (date - world.people.dob[pid]) / 365.25, 0.93, 0.7, 0.45)
    return {
        "cppv_person_id": pid.astype(np.int64),
        "cppv_cp_plan_id": plan.astype(np.int64),
        "cppv_cp_visit_date": date.astype(np.int32),
        "cppv_cp_visit_seen": seen,
        "cppv_cp_visit_seen_alone": alone,
        "cppv_cp_visit_bedroom": bedroom,
        "cppv_cp_visit_recorded_date": _recorded(rng, date, world.end),
    }


def cin_plans(world: World) -> Frame:
    c = world.spine.cinp
    team, worker = team_and_worker(world.seg, world.alloc, c["pid"], c["start"].astype(np.int64))
    return {
        "cinp_referral_id": c["ref"].astype(np.int64),
        "cinp_person_id": c["pid"].astype(np.int64),
        "cinp_cin_plan_start_date": c["start"],
        "cinp_cin_plan_end_date": _future(c["end"], world.end),
        "cinp_cin_plan_team": txt(team, TEAM_IDS),
        "cinp_cin_plan_worker_id": worker,
    }


def cin_visits(world: World, interval: int = CIN_VISIT_DAYS) -> Frame:
    c = world.spine.cinp
    plan, date = _visits(world, "cin_visits", c["pid"], c["start"], c["end"], interval, 10)
    rng = world.rng("cin_visits_detail")
    pid = c["pid"][plan]
    seen, alone, bedroom = _seen(rng, (date - world.people.dob[pid]) / 365.25, 0.92, 0.55, 0.3)
    return {
        "cinv_person_id": pid.astype(np.int64),
        "cinv_cin_plan_id": plan.astype(np.int64),
        "cinv_cin_visit_date": date.astype(np.int32),
        "cinv_cin_visit_seen": seen,
        "cinv_cin_visit_seen_alone": alone,
        "cinv_cin_visit_bedroom": bedroom,
        "cinv_cin_visit_recorded_date": _recorded(rng, date, world.end),
    }
