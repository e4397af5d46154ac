"""Recording defects that contradict another record or the date of the extract.

Each is applied to about `rate` of the records it can occur on (at least one when the rate is above
zero), never to a record that already carries a defect, and each is listed on the record the
data-quality rule reports (lineofsight.quality.defects.DEFECT_RULES):

- date_in_future: a care leaver's date of latest contact typed a decade out (2019 -> 2029), after the
  extract's date.
- overlapping_cp_plans: a CP plan entered twice, the copy starting 1-30 days after the first and
  ending with it; the copy (the later plan, which the overlap rule lists) is the defect.
- leaver_holding_cases: an allocation to a worker who has left, left open after their leaving date.
- placement_outside_care: a period's first placement dated 1-30 days before the care episode began,
  on a day no episode of the child covers.
- event_after_death: a date of death recorded just before the child's last event (every other event
  of the child is on or before it), so exactly that last event is dated after death.
- duplicate_contact: a contact entered twice (same child, day and source); the copy has the higher id.
- looked_after_no_placement: a child in care at the end date whose current placement was ended
  5-35 days before it with no next placement; the open care episode is the defect.
- conference_before_s47: an initial conference dated 1-10 days before its section 47 enquiry started.
"""

from __future__ import annotations

import numpy as np

from lineofsight.schema import TABLES
from lineofsight.synth.dates import NODATE, add_years
from lineofsight.synth.defects_pick import Log, count, covered, pick, taken
from lineofsight.synth.frame import Frame, Txt, concat, nrows, take
from lineofsight.synth.world import World

TYPES = ("date_in_future", "overlapping_cp_plans", "leaver_holding_cases", "placement_outside_care",
         "duplicate_contact", "looked_after_no_placement", "conference_before_s47", "event_after_death")

# Tables whose dated records the event-after-death rule checks (quality.rules.sequence).
AFTER_DEATH_EXCLUDED = {"ssd_person", "ext_case_audits", "ext_case_supervision"}
EVENT_TABLES = tuple((t.name, t.person_column, t.main_date) for t in TABLES
                     if t.person_column and t.main_date and t.name not in AFTER_DEATH_EXCLUDED)


def inject(world: World, rng: np.random.Generator, keep: dict[str, np.ndarray], rate: float, log: Log) -> None:
    f = world.frames
    _future_contact_date(world, rng, f, keep, rate, log)
    _conference_before_s47(rng, f, keep, rate, log)
    _leaver_holding(world, rng, f, keep, rate, log)
    _placement_outside(world, rng, f, keep, rate, log)
    _no_placement(world, rng, f, keep, rate, log)
    _duplicate_plans(world, rng, f, keep, rate, log)
    _duplicate_contacts(rng, f, keep, rate, log)
    _after_death(world, rng, f, keep, rate, log)


def _future_contact_date(world, rng, f, keep, rate, log) -> None:
    cl = f["ssd_care_leavers"]
    d = cl["clea_care_leaver_latest_contact"]
    pool = np.flatnonzero(keep["ssd_care_leavers"] & (d >= world.window) & (d <= world.end))
    rows = pick(rng, pool, count(rng, pool.size, rate))
    d[rows] = add_years(d[rows], 10)
    log.add("date_in_future", "ssd_care_leavers", rows, cl["clea_person_id"][rows])


def _conference_before_s47(rng, f, keep, rate, log) -> None:
    c = f["ssd_initial_cp_conference"]
    s47 = c["icpc_s47_enquiry_id"]
    pool = np.flatnonzero(keep["ssd_initial_cp_conference"] & (s47 >= 0))
    rows = pick(rng, pool, count(rng, pool.size, rate))
    start = f["ssd_s47_enquiry"]["s47e_s47_start_date"][s47[rows]]
    c["icpc_icpc_date"][rows] = (start - rng.integers(1, 11, rows.size)).astype(np.int32)
    log.add("conference_before_s47", "ssd_initial_cp_conference", rows, c["icpc_person_id"][rows])


def _leaver_holding(world, rng, f, keep, rate, log) -> None:
    inv = f["ssd_involvements"]
    worker = inv["invo_professional_id"]
    left = np.where(worker >= 0, f["ssd_professionals"]["prof_end_date"][np.maximum(worker, 0)], NODATE).astype(np.int64)
    stop = inv["invo_involvement_end_date"].astype(np.int64)
    pool = np.flatnonzero(keep["ssd_involvements"] & (left <= world.end - 10) & (stop <= left))
    rows = pick(rng, pool, count(rng, pool.size, rate))
    inv["invo_involvement_end_date"][rows] = NODATE
    inv["invo_worker_change_reason"].idx[rows] = -1
    log.add("leaver_holding_cases", "ssd_involvements", rows, inv["invo_person_id"][rows])


def _episode_spans(f) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    e = f["ssd_cla_episodes"]
    return (e["clae_person_id"].astype(np.int64), e["clae_cla_episode_start_date"].astype(np.int64),
            e["clae_cla_episode_ceased_date"].astype(np.int64))


def _placement_outside(world, rng, f, keep, rate, log) -> None:
    p = f["ssd_cla_placement"]
    pid = p["clap_person_id"].astype(np.int64)
    start = p["clap_cla_placement_start_date"].astype(np.int64)
    e = f["ssd_cla_episodes"]
    first_ep = np.full(nrows(p), NODATE, np.int64)
    linked = e["clae_cla_placement_id"] >= 0
    np.minimum.at(first_ep, e["clae_cla_placement_id"][linked], e["clae_cla_episode_start_date"][linked].astype(np.int64))
    moved = start - rng.integers(1, 31, start.size)
    ok = (keep["ssd_cla_placement"] & ~taken(log, "ssd_cla_placement", start.size) & (first_ep == start)
          & (moved > world.people.dob[pid]) & (moved >= world.window))
    ok[ok] = ~covered(pid[ok], moved[ok], _episode_spans(f))
    rows = pick(rng, np.flatnonzero(ok), count(rng, int(ok.sum()), rate))
    p["clap_cla_placement_start_date"][rows] = moved[rows].astype(np.int32)
    log.add("placement_outside_care", "ssd_cla_placement", rows, pid[rows])


def _no_placement(world, rng, f, keep, rate, log) -> None:
    end = world.end
    e = f["ssd_cla_episodes"]
    n_people = nrows(f["ssd_person"])
    e_open = keep["ssd_cla_episodes"] & (e["clae_cla_episode_start_date"] <= end) & (e["clae_cla_episode_ceased_date"] > end)
    open_count = np.bincount(e["clae_person_id"][e_open], minlength=n_people)
    open_ep = np.full(n_people, -1, np.int64)
    open_ep[e["clae_person_id"][e_open]] = np.flatnonzero(e_open)
    p = f["ssd_cla_placement"]
    pid = p["clap_person_id"]
    start = p["clap_cla_placement_start_date"].astype(np.int64)
    p_open = keep["ssd_cla_placement"] & (start <= end - 40) & (p["clap_cla_placement_end_date"] > end)
    ok = p_open & (open_count[pid] == 1) & ~taken(log, "ssd_cla_placement", start.size)
    ok &= ~taken(log, "ssd_cla_episodes", nrows(e))[np.maximum(open_ep[pid], 0)]
    rows = pick(rng, np.flatnonzero(ok), count(rng, int(ok.sum()), rate))
    p["clap_cla_placement_end_date"][rows] = (end - rng.integers(5, 36, rows.size)).astype(np.int32)
    log.add("looked_after_no_placement", "ssd_cla_episodes", open_ep[pid[rows]], pid[rows])


def _append(f, keep, name: str, rows: np.ndarray, changes: dict) -> np.ndarray:
    """Copies of `rows` (with `changes`) appended to table `name`, kept; their new row numbers."""
    n = nrows(f[name])
    extra: Frame = take(f[name], rows)
    extra.update(changes)
    f[name] = concat([f[name], extra])
    keep[name] = np.r_[keep[name], np.ones(rows.size, bool)]
    return n + np.arange(rows.size)


def _duplicate_plans(world, rng, f, keep, rate, log) -> None:
    p = f["ssd_cp_plans"]
    start = p["cppl_cp_plan_start_date"].astype(np.int64)
    last = np.minimum(p["cppl_cp_plan_end_date"].astype(np.int64), world.end)
    pool = np.flatnonzero(keep["ssd_cp_plans"] & (last - start >= 2))
    rows = pick(rng, pool, count(rng, pool.size, rate))
    shift = 1 + (rng.random(rows.size) * np.minimum(30, last[rows] - start[rows] - 1)).astype(np.int64)
    new = _append(f, keep, "ssd_cp_plans", rows, {"cppl_cp_plan_start_date": (start[rows] + shift).astype(np.int32)})
    log.add("overlapping_cp_plans", "ssd_cp_plans", new, p["cppl_person_id"][rows])


def _present(col) -> np.ndarray:
    if isinstance(col, Txt):
        return col.idx >= 0
    if col.dtype == object:
        return np.array([v is not None for v in col], bool) if col.size else np.zeros(0, bool)
    return col >= 0


def _duplicate_contacts(rng, f, keep, rate, log) -> None:
    c = f["ssd_contacts"]
    n = nrows(c)
    pool = np.flatnonzero(keep["ssd_contacts"] & ~taken(log, "ssd_contacts", n) & _present(c["cont_contact_source_code"]))
    rows = pick(rng, pool, count(rng, pool.size, rate))
    new = _append(f, keep, "ssd_contacts", rows, {})
    log.add("duplicate_contact", "ssd_contacts", new, c["cont_person_id"][rows])


def _after_death(world, rng, f, keep, rate, log) -> None:
    """Each chosen child's last event is the only one after the recorded death (checked across every table)."""
    end = world.end
    pids, days, tabs, rows_, kept = [], [], [], [], []
    for i, (name, pcol, dcol) in enumerate(EVENT_TABLES):
        fr = f[name]
        d = fr[dcol].astype(np.int64)
        live = d <= end  # rows after the end date do not exist; NODATE too
        pids.append(fr[pcol][live].astype(np.int64))
        days.append(d[live])
        tabs.append(np.full(int(live.sum()), i, np.int64))
        rows_.append(np.flatnonzero(live))
        kept.append(keep[name][live])
    pid, day, tab, row, kept_ = (np.concatenate(x) for x in (pids, days, tabs, rows_, kept))
    order = np.lexsort((day, pid))
    pid, day, tab, row, kept_ = pid[order], day[order], tab[order], row[order], kept_[order]
    last = np.r_[pid[1:] != pid[:-1], True]
    prev_same = np.r_[False, pid[1:] == pid[:-1]]
    li = np.flatnonzero(last)
    p_last = pid[li]
    dob = world.people.dob[p_last].astype(np.int64)
    before = np.where(prev_same[li], day[np.maximum(li - 1, 0)], dob)
    floor = np.maximum(before, dob)
    n_people = nrows(f["ssd_person"])
    flagged = np.zeros(n_people, bool)
    for _, _, _, persons in log.rows:
        flagged[persons] = True
    person = f["ssd_person"]
    ok = (kept_[li] & (day[li] - floor >= 1) & ~flagged[p_last] & (world.people.kind[p_last] != 3)
          & (person["pers_death_date"][p_last] == NODATE) & (day[li] >= world.window))
    chosen = pick(rng, np.flatnonzero(ok), count(rng, int(ok.sum()), rate))
    span = day[li][chosen] - floor[chosen]
    death = floor[chosen] + (rng.random(chosen.size) * span).astype(np.int64)
    person["pers_death_date"][p_last[chosen]] = death.astype(np.int32)
    t_of = tab[li][chosen]
    for i, (name, _, _) in enumerate(EVENT_TABLES):
        here = t_of == i
        if here.any():
            log.add("event_after_death", name, row[li][chosen][here], p_last[chosen][here])
