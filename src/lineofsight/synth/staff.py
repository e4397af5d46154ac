"""ssd_department, ssd_professionals and ssd_involvements from the workforce and its allocations."""

from __future__ import annotations

import numpy as np

from lineofsight.schema.codes import CODE_LISTS
from lineofsight.synth.dates import NODATE
from lineofsight.synth.frame import Frame, flag, numbered, txt
from lineofsight.synth.names import FORENAMES, SURNAMES
from lineofsight.synth.workforce import JOB_TITLES, KIND, MANAGER_TITLE, TEAM_IDS, TEAMS
from lineofsight.synth.world import World

ROLES = tuple(CODE_LISTS["involvement_role"])
CHANGE_REASONS = ("Case closed", "Transferred to another team", "Worker left", "Caseload review")


def staff_ids(n: int) -> tuple[str, ...]:
    return tuple(numbered("E", n, first=10001))


def department() -> Frame:
    n = len(TEAMS)
    return {
        "dept_team_id": np.array([t[0] for t in TEAMS], dtype=object),
        "dept_team_name": np.array([t[1] for t in TEAMS], dtype=object),
        "dept_team_parent_id": np.array([t[2] for t in TEAMS], dtype=object),
        "dept_team_parent_name": np.array([t[3] for t in TEAMS], dtype=object),
    } if n else {}


def professionals(world: World) -> Frame:
    rng = world.rng("professionals")
    wf = world.wf
    n = wf.n
    titles = tuple(dict.fromkeys([t for k in KIND for t in JOB_TITLES[k]] + [MANAGER_TITLE]))
    title = np.empty(n, np.int32)
    for kind, options in JOB_TITLES.items():
        sel = np.flatnonzero(KIND[wf.team] == kind)
        title[sel] = np.array([titles.index(t) for t in options])[rng.integers(0, len(options), sel.size)]
    title[wf.manager] = titles.index(MANAGER_TITLE)
    fore = rng.integers(0, len(FORENAMES), n)
    sur = rng.integers(0, len(SURNAMES), n)
    names = np.char.add(np.char.add(np.array(FORENAMES, dtype=object)[fore].astype(str), " "),
                        np.array(SURNAMES, dtype=object)[sur].astype(str)).astype(object)
    registered = ~np.isin(KIND[wf.team], ["leavers"]) | wf.manager
    reg = np.char.add("SW", np.char.zfill(((np.arange(n) * 7103 + 100_003) % 1_000_000).astype(str), 6)).astype(object)
    reg[~registered] = None
    inv = world.alloc.inv
    open_at_end = (inv["start"] <= world.end) & (inv["end"] > world.end)
    caseload = np.bincount(inv["worker"][open_at_end], minlength=n)
    in_post = (wf.start <= world.end) & (wf.end > world.end)
    fte = np.where(rng.random(n) < 0.8, 1.0, np.where(rng.random(n) < 0.5, 0.8, 0.6))
    return {
        "prof_staff_id": txt(np.arange(n), world.staff_ids),
        "prof_professional_name": names,
        "prof_social_worker_registration_no": reg,
        "prof_agency_worker_flag": flag(wf.agency),
        "prof_professional_job_title": txt(title, titles),
        "prof_professional_caseload": np.where(in_post & ~wf.manager, caseload, -1).astype(np.int64),
        "prof_professional_department": txt(wf.team, TEAM_IDS),
        "prof_full_time_equivalency": fte,
        "prof_start_date": wf.start.astype(np.int32),
        "prof_end_date": np.where(wf.end <= world.end, wf.end, NODATE).astype(np.int32),
    }


def involvements(world: World) -> Frame:
    seg = world.seg
    inv = world.alloc.inv
    end = world.end
    s = inv["seg"]
    stop = np.where(inv["end"] <= end, inv["end"], NODATE)
    # A segment that ends before its referral closes hands the case to another team.
    last_of_ref = np.ones(seg.pid.size, bool)
    order = np.lexsort((seg.start, seg.ref))
    same_next = np.r_[seg.ref[order][1:] == seg.ref[order][:-1], False] & (seg.ref[order] >= 0)
    last_of_ref[order[same_next]] = False
    why = np.where(inv["why"] == 0, np.where(last_of_ref[s], 0, 1), inv["why"] + 1)
    return {
        "invo_professional_id": inv["worker"].astype(np.int64),
        "invo_professional_role_id": np.where(seg.role[s] == 1, ROLES.index("PA"), ROLES.index("SW")).astype(np.int16),
        "invo_professional_team": txt(seg.team[s], TEAM_IDS),
        "invo_person_id": seg.pid[s].astype(np.int64),
        "invo_involvement_start_date": inv["start"].astype(np.int32),
        "invo_involvement_end_date": stop.astype(np.int32),
        "invo_worker_change_reason": txt(np.where(stop == NODATE, -1, why), CHANGE_REASONS),
        "invo_referral_id": seg.ref[s].astype(np.int64),
    }
