"""Recording defects, injected on purpose so data-quality checks can be scored against the truth.

Each type is applied to about `rate` of the records it can occur on (at least one when the rate is
above zero), never twice to one record, and never occurs in a clean authority:

- contact_recorded_late: cont_contact_recorded_date 5-20 working days after receipt (clean: at most 1).
- missing_outcome: a contact's outcome, a referral's outcome, or an authorised assessment's outcome
  left empty (clean: always present; an assessment not yet authorised has no outcome and is not a defect).
- assessment_auth_before_start: cina_assessment_auth_date 1-14 days before the start (clean: never).
- duplicate_person: a second ssd_person record for a child already recorded: same date of birth and
  surname, forename one letter different, and in most cases the same UPN; it gets a contact of its own.
  Both records of the pair are listed (record_id = person_id = each pers_person_id); the second,
  newer record has the higher identifier.
- visit_outside_episode: a CIN, CP or CLA visit moved to a day outside every referral episode, plan,
  period of care and early help episode of that child (clean: every visit is inside its plan or period).
- open_episode_over_25: the last referral episode of someone aged 26 or more at the end date left
  without its close date (clean: nothing stays open past 18).

The defects that contradict another record (dates in the future, overlapping plans, events after
death and so on) are in defects_cross.py.

defects.csv lists each as defect_type, table, record_id, person_id (identifiers as in the CSVs).
"""

from __future__ import annotations

import numpy as np

from lineofsight.schema.codes import CODE_LISTS
from lineofsight.synth import defects_cross
from lineofsight.synth.dates import NODATE, add_years
from lineofsight.synth.defects_pick import Log, count, covered, pick
from lineofsight.synth.frame import Frame, Txt, concat, nrows, take
from lineofsight.synth.names import NEAR_FORENAMES
from lineofsight.synth.world import World

TYPES = ("contact_recorded_late", "missing_outcome", "assessment_auth_before_start", "duplicate_person",
         "visit_outside_episode", "open_episode_over_25", *defects_cross.TYPES)
OUTCOME = tuple(CODE_LISTS["contact_outcome"])
VISITS = {"ssd_cin_visits": ("cinv_person_id", "cinv_cin_visit_date", "cinv_cin_visit_recorded_date"),
          "ssd_cp_visits": ("cppv_person_id", "cppv_cp_visit_date", "cppv_cp_visit_recorded_date"),
          "ssd_cla_visits": ("clav_person_id", "clav_cla_visit_date", "clav_cla_visit_recorded_date")}


def inject(world: World, keep: dict[str, np.ndarray], rate: float) -> Log:
    """Apply every defect type to the frames; forced rows are marked kept. Returns what was done."""
    log = Log()
    if rate <= 0:
        return log
    rng = world.rng("defects")
    f = world.frames
    _late_contacts(world, rng, f, keep, rate, log)
    _missing_outcomes(rng, f, keep, rate, log)
    _auth_before_start(world, rng, f, keep, rate, log)
    _visits_outside(world, rng, f, keep, rate, log)
    _open_over_25(world, rng, f, keep, rate, log)
    _duplicates(world, rng, f, keep, rate, log)
    defects_cross.inject(world, world.rng("defects_cross"), keep, rate, log)
    return log


def _late_contacts(world, rng, f, keep, rate, log) -> None:
    c = f["ssd_contacts"]
    pool = np.flatnonzero(keep["ssd_contacts"] & (c["cont_contact_date"] <= world.end - 40))
    rows = pick(rng, pool, count(rng, pool.size, rate))
    c["cont_contact_recorded_date"][rows] = world.clock.add_wd(c["cont_contact_date"][rows], rng.integers(5, 21, rows.size))
    log.late_rows = rows
    log.add("contact_recorded_late", "ssd_contacts", rows, c["cont_person_id"][rows])


def _blank_txt(col: Txt, rows: np.ndarray) -> None:
    col.idx[rows] = -1


def _missing_outcomes(rng, f, keep, rate, log) -> None:
    c = f["ssd_contacts"]
    taken = np.zeros(nrows(c), bool)
    taken[log.late_rows] = True
    pool = np.flatnonzero(keep["ssd_contacts"] & ~taken)
    rows = pick(rng, pool, count(rng, pool.size, rate / 3))
    c["cont_contact_outcome"][rows] = -1
    _blank_txt(c["cont_contact_outcome_json"], rows)
    log.add("missing_outcome", "ssd_contacts", rows, c["cont_person_id"][rows])

    r = f["ssd_cin_episodes"]
    pool = np.flatnonzero(keep["ssd_cin_episodes"])
    rows = pick(rng, pool, count(rng, pool.size, rate / 3))
    _blank_txt(r["cine_referral_outcome_json"], rows)
    r["cine_referral_nfa"][rows] = -1
    log.add("missing_outcome", "ssd_cin_episodes", rows, r["cine_person_id"][rows])

    a = f["ssd_cin_assessments"]
    pool = np.flatnonzero(keep["ssd_cin_assessments"] & (a["cina_assessment_auth_date"] != NODATE))
    rows = pick(rng, pool, count(rng, pool.size, rate / 3))
    _blank_txt(a["cina_assessment_outcome_json"], rows)
    a["cina_assessment_outcome_nfa"][rows] = -1
    log.asm_missing = rows
    log.add("missing_outcome", "ssd_cin_assessments", rows, a["cina_person_id"][rows])


def _auth_before_start(world, rng, f, keep, rate, log) -> None:
    a = f["ssd_cin_assessments"]
    dob = world.people.dob[a["cina_person_id"]].astype(np.int64)
    start = a["cina_assessment_start_date"].astype(np.int64)
    ok = keep["ssd_cin_assessments"] & (a["cina_assessment_auth_date"] != NODATE) & (start - 20 > dob)
    ok[log.asm_missing] = False
    pool = np.flatnonzero(ok)
    rows = pick(rng, pool, count(rng, pool.size, rate))
    auth = (start[rows] - rng.integers(1, 15, rows.size)).astype(np.int32)
    a["cina_assessment_auth_date"][rows] = auth
    a["cina_assessment_completed_date"][rows] = auth
    log.add("assessment_auth_before_start", "ssd_cin_assessments", rows, a["cina_person_id"][rows])


def _spans(world: World) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every episode, plan, period of care and early help episode per child, from the full simulation."""
    sp = world.spine
    eh = world.frames["ssd_early_help_episodes"]
    end = world.end

    def upto(x):
        return np.where(x > end, NODATE, x).astype(np.int64)

    pid = np.concatenate([sp.ref["pid"], sp.cpp["pid"], sp.cinp["pid"], sp.cla["pid"], eh["earl_person_id"]])
    start = np.concatenate([sp.ref["date"], sp.cpp["start"], sp.cinp["start"], sp.cla["start"],
                            eh["earl_episode_start_date"]]).astype(np.int64)
    stop = np.concatenate([upto(sp.ref["close"]), upto(sp.cpp["end"]), upto(sp.cinp["end"]), upto(sp.cla["end"]),
                           eh["earl_episode_end_date"].astype(np.int64)])
    return pid.astype(np.int64), start, stop


def _visits_outside(world, rng, f, keep, rate, log) -> None:
    spans = _spans(world)
    sp = world.spine
    first_ref = np.full(world.people.n, NODATE, np.int64)
    np.minimum.at(first_ref, sp.ref["pid"], sp.ref["date"].astype(np.int64))
    last_close = np.zeros(world.people.n, np.int64)
    np.maximum.at(last_close, sp.ref["pid"], np.minimum(sp.ref["close"], NODATE).astype(np.int64))
    for name, (pcol, dcol, rcol) in VISITS.items():
        v = f[name]
        pool = np.flatnonzero(keep[name])
        want = count(rng, pool.size, rate)
        if not want:
            continue
        cand = pick(rng, pool, min(pool.size, want * 4))
        pid = v[pcol][cand].astype(np.int64)
        dob = world.people.dob[pid].astype(np.int64)
        before = first_ref[pid] - rng.integers(30, 366, cand.size)
        after = last_close[pid] + rng.integers(30, 366, cand.size)
        lo = np.maximum(world.window, dob + 1)
        hi = np.minimum(world.end, add_years(world.people.dob[pid], 18).astype(np.int64) - 1)
        ok_b = (before >= lo) & (before <= hi)
        ok_a = (after >= lo) & (after <= hi) & (last_close[pid] < NODATE)
        day = np.where(ok_b, before, after)
        ok = (ok_b | ok_a) & ~covered(pid, day, spans)
        rows = cand[ok][:want]
        day = day[ok][:want]
        lag = v[rcol][rows].astype(np.int64) - v[dcol][rows]
        v[dcol][rows] = day.astype(np.int32)
        v[rcol][rows] = np.minimum(day + np.maximum(lag, 0), world.end).astype(np.int32)
        log.add("visit_outside_episode", name, rows, v[pcol][rows])


def _kept_people(f, keep) -> np.ndarray:
    from lineofsight.synth.extract import REFS

    out = np.zeros(nrows(f["ssd_person"]), bool)
    for (name, col), tgt in REFS.items():
        if tgt == "ssd_person" and name in f:
            ref = f[name][col]
            out[ref[keep[name] & (ref >= 0)]] = True
    return out


def _open_over_25(world, rng, f, keep, rate, log) -> None:
    """Reopen the last referral episode of people aged 26 or more (kept in the extract for other records)."""
    people = _kept_people(f, keep)
    n = nrows(f["ssd_person"])
    old = people & (add_years(world.people.dob[:n], 26) <= world.end)
    r = f["ssd_cin_episodes"]
    last_ref = np.full(n, -1, np.int64)
    order = np.lexsort((r["cine_referral_date"], r["cine_person_id"]))
    last_ref[r["cine_person_id"][order]] = order
    cands = np.flatnonzero(old & (last_ref >= 0))
    who = pick(rng, cands, count(rng, cands.size, min(1.0, rate * 5)))
    refs = last_ref[who]
    r["cine_close_date"][refs] = NODATE
    r["cine_close_reason"][refs] = -1
    keep["ssd_cin_episodes"][refs] = True
    log.add("open_episode_over_25", "ssd_cin_episodes", refs, r["cine_person_id"][refs])


def _duplicates(world, rng, f, keep, rate, log) -> None:
    p = f["ssd_person"]
    n = nrows(p)
    people = _kept_people(f, keep)
    dob = world.people.dob[:n].astype(np.int64)
    b18 = add_years(world.people.dob[:n], 18).astype(np.int64)
    lo = np.maximum(world.window, dob + 1)
    hi = np.minimum(world.end, b18 - 1)
    pool = np.flatnonzero(people & (lo <= hi) & (world.people.kind[:n] != 3) & (p["pers_death_date"] == NODATE))
    orig = pick(rng, pool, count(rng, pool.size, rate))
    k = orig.size
    if not k:
        return
    dup: Frame = take(p, orig)
    dup["pers_forename"] = Txt(p["pers_forename"].idx[orig].astype(np.int32), NEAR_FORENAMES)
    same_upn = rng.random(k) < 0.7
    upn = dup["pers_upn"]
    upn[~same_upn] = None
    unknown = dup["pers_upn_unknown"]
    unknown.idx[:] = np.where(same_upn, unknown.idx, unknown.vocab.index("UN5"))
    legacy = np.char.add("D", np.char.zfill((np.arange(k) * 7 + 1000).astype(str), 8)).astype(object)
    dup["pers_legacy_id"] = legacy
    f["ssd_person"] = concat([p, dup])
    new = n + np.arange(k)
    keep["ssd_person"] = np.r_[keep["ssd_person"], np.ones(k, bool)]
    world.people.dob = np.r_[world.people.dob, world.people.dob[orig]]
    world.people.kind = np.r_[world.people.kind, np.full(k, 3, np.int8)]
    # The duplicate was made when a later contact came in: give it that contact (on time, with an outcome).
    c = f["ssd_contacts"]
    day = (lo[orig] + rng.random(k) * (hi[orig] - lo[orig] + 1)).astype(np.int64)
    day = world.clock.settle(rng, day.astype(np.int32)).astype(np.int64)
    day = np.minimum(day, hi[orig])
    extra: Frame = take(c, np.zeros(k, np.int64))
    extra["cont_person_id"] = new.astype(np.int64)
    extra["cont_contact_date"] = day.astype(np.int32)
    extra["cont_contact_recorded_date"] = day.astype(np.int32)
    outcome = np.where(rng.random(k) < 0.5, OUTCOME.index("INFO"), OUTCOME.index("NFA")).astype(np.int16)
    extra["cont_contact_outcome"] = outcome
    extra["cont_contact_outcome_json"] = Txt(outcome.astype(np.int32), c["cont_contact_outcome_json"].vocab)
    f["ssd_contacts"] = concat([c, extra])
    keep["ssd_contacts"] = np.r_[keep["ssd_contacts"], np.ones(k, bool)]
    # A duplicate is a pair: both records are listed, since either may be the one a check flags.
    log.add("duplicate_person", "ssd_person", np.r_[orig, new], np.r_[orig, new])
