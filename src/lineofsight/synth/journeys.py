"""Children's journeys through social care, simulated in rounds of referrals.

Round k holds every child's k-th referral, so each round is one set of vectorised steps:
referral -> assessment -> section 47 -> initial conference -> CP plan -> CIN plan -> care ->
closure, then (for some) a re-referral that becomes the next round. A child's episodes cannot
overlap because the next referral always follows the previous closure. Dates are computed as if
time ran on; anything after the extract end is cut or left open later (extract.py).

Parameters are tuned so the medium authority lands on the England 2024/25 figures in
calibration.py; the comments say which figure each one drives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lineofsight.schema.codes import CODE_LISTS
from lineofsight.synth import care_exits
from lineofsight.synth.dates import NODATE, Clock, add_months, add_years
from lineofsight.synth.population import REFERRAL_AGES, UASC_AGES, People

SOURCE = tuple(CODE_LISTS["referral_source"])
NEED = tuple(CODE_LISTS["primary_need"])
CATEGORY = tuple(CODE_LISTS["category_of_abuse"])
CLOSE = tuple(CODE_LISTS["reason_for_closure"])

_SOURCE_MIX = {"1A": 3.5, "1B": 0.8, "1C": 1.2, "1D": 1.5, "2A": 19.0, "2B": 1.5, "3A": 2.0, "3B": 2.5,
               "3C": 0.8, "3D": 1.5, "3E": 3.0, "3F": 5.5, "4": 1.8, "5A": 4.0, "5B": 2.5, "5C": 2.0,
               "5D": 3.5, "6": 29.0, "7": 1.5, "8": 4.5, "9": 1.4, "10": 1.0}
SOURCE_WEIGHTS = np.array([_SOURCE_MIX[c] for c in SOURCE]) / sum(_SOURCE_MIX.values())
_NEED_MIX = {"N0": 1.0, "N1": 56.0, "N2": 3.0, "N3": 4.0, "N4": 11.0, "N5": 16.0, "N6": 3.0, "N7": 1.0,
             "N8": 3.0, "N9": 2.0}
NEED_WEIGHTS = np.array([_NEED_MIX[c] for c in NEED]) / sum(_NEED_MIX.values())
CATEGORY_WEIGHTS = np.array([0.50, 0.07, 0.04, 0.36, 0.03])  # NEG PHY SAB EMO MUL


@dataclass(frozen=True)
class Params:
    first_referrals_per_10k: float = 270.0  # drives referrals per 10,000 (515 with re-referrals)
    uasc_per_10k: float = 3.2  # unaccompanied arrivals a year
    p_transfer_in: float = 0.012
    p_nfa_referral: float = 0.07
    p_asm_on_time: float = 0.855  # assessments within 45 working days (85.7%)
    p_emergency_child: float = 0.010
    p_emergency_teen: float = 0.027
    p_s47: float = 0.30
    s47_prior_cp: float = 2.25
    p_icpc: float = 0.36
    p_icpc_prior_cp: float = 0.73  # drives second or subsequent plans (23%)
    p_icpc_on_time: float = 0.812  # conferences within 15 working days (81.4%)
    p_cp_at_icpc: float = 0.88
    cp_theta: float = 134.0  # gamma(2, theta) days to the deciding review: plans ended after 2+ years (4.4%)
    p_care_from_cp: float = 0.17
    p_stepdown: float = 0.55
    p_not_in_need: float = 0.33
    p_cin_plan: float = 0.48
    p_care_from_cin: float = 0.05
    # Re-referral after closure, by how the episode ended (re-referrals within 12 months: 22.6%).
    p_next: dict = field(default_factory=lambda: {
        "nfa": 0.60, "not_in_need": 0.58, "services": 0.55, "plan": 0.55, "cp": 0.66, "care_home": 0.40, "permanence": 0.05,
    })
    short_gap_share: float = 0.39
    long_gap_mean: float = 900.0


P = Params()


@dataclass
class Spine:
    """The core records of every journey, with references as row indices into each other."""

    ref: dict = field(default_factory=dict)
    asm: dict = field(default_factory=dict)
    s47: dict = field(default_factory=dict)
    icpc: dict = field(default_factory=dict)
    cpp: dict = field(default_factory=dict)
    cinp: dict = field(default_factory=dict)
    cla: dict = field(default_factory=dict)


def _concat(parts: list[dict]) -> dict:
    if not parts:
        return {}
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


# Steps of the additive (Kronecker) sequences `spread` uses: fractional parts of square roots of
# primes, rationally independent, so outcomes drawn along the same key in different dimensions are
# jointly uniform (independent in aggregate) rather than locked together.
STEPS = (np.sqrt([2, 3, 5, 7, 11, 13, 17, 19]) % 1.0)


def spread(rng: np.random.Generator, key: np.ndarray, p: float | np.ndarray,
           group: np.ndarray | None = None, dim: int = 0) -> np.ndarray:
    """True for a share p of rows, spread evenly along `key` within each group (an additive
    low-discrepancy sequence in key order instead of independent draws; `dim` picks the sequence).

    Figures are measured over a year of events; spreading the outcomes evenly in time keeps a year's
    figure close to p instead of wandering by sampling noise.
    """
    group = np.zeros(key.size, np.int8) if group is None else group.astype(np.int8)
    order = np.lexsort((key, group))
    g = group[order]
    first = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
    rank = np.arange(key.size) - np.repeat(first, np.diff(np.r_[first, key.size]))
    u = np.empty(key.size)
    u[order] = (rank * STEPS[dim] + rng.random()) % 1.0
    return u < p


def _choice(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    return rng.choice(weights.size, size=n, p=weights).astype(np.int16)


def first_referrals(rng: np.random.Generator, clock: Clock, people: People, start: int, end: int,
                    children: int) -> tuple[np.ndarray, np.ndarray]:
    """Children referred for the first time (and unaccompanied arrivals), dated with the front door's rhythm."""
    years = (end - start + 1) / 365.25
    n = rng.poisson(P.first_referrals_per_10k * children / 10_000 * years)
    dates = np.sort(clock.sample_days(rng, n, start, end))
    pid = people.add(rng, dates, REFERRAL_AGES, kind=0)
    m = rng.poisson(P.uasc_per_10k * children / 10_000 * years)
    udates = np.sort(clock.sample_days(rng, m, start, end))
    upid = people.add(rng, udates, UASC_AGES, kind=1)
    return np.concatenate([pid, upid]), np.concatenate([dates, udates])


def simulate(rng: np.random.Generator, clock: Clock, people: People, start: int, end: int, children: int) -> Spine:
    """Run every journey from `start` until no child has a referral on or before `end`."""
    pid, r = first_referrals(rng, clock, people, start, end, children)
    n_cp = np.zeros(people.n, np.int32)
    parts: dict[str, list[dict]] = {k: [] for k in ("ref", "asm", "s47", "icpc", "cpp", "cinp", "cla")}
    offsets = dict.fromkeys(parts, 0)
    round_no = 0
    while pid.size:
        out, nxt = _episode(rng, clock, people, pid, r, n_cp, offsets, round_no)
        for k, v in out.items():
            if v and next(iter(v.values())).size:
                parts[k].append(v)
                offsets[k] += next(iter(v.values())).size
        pid, r = nxt
        keep = r <= end
        pid, r = pid[keep], r[keep]
        round_no += 1
    return Spine(**{k: _concat(v) for k, v in parts.items()})


def _episode(rng, clock: Clock, people: People, pid: np.ndarray, r: np.ndarray, n_cp: np.ndarray,
             offsets: dict, round_no: int):
    n = pid.size
    r = r.astype(np.int64)
    dob = people.dob[pid].astype(np.int64)
    b18 = add_years(people.dob[pid], 18).astype(np.int64)
    age = (r - dob) / 365.25
    uasc = people.uasc[pid] & (round_no == 0)
    prior_cp = n_cp[pid] > 0
    ref_idx = offsets["ref"] + np.arange(n)

    transfer = ~uasc & (rng.random(n) < P.p_transfer_in)
    nfa = ~uasc & ~transfer & (rng.random(n) < P.p_nfa_referral)
    source = _choice(rng, SOURCE_WEIGHTS, n)
    source[transfer] = SOURCE.index("5C")
    source[uasc] = np.where(rng.random(uasc.sum()) < 0.6, SOURCE.index("6"), SOURCE.index("5C"))
    need = _choice(rng, NEED_WEIGHTS, n)
    need[people.disabled[pid] & (rng.random(n) < 0.5)] = NEED.index("N2")
    need[uasc] = NEED.index("N8")

    # Single assessment: starts within a few working days; most authorised within 45 working days.
    has_asm = ~nfa
    a = clock.add_wd(r, rng.choice(4, size=n, p=[0.55, 0.25, 0.12, 0.08])).astype(np.int64)
    late = np.zeros(n, bool)
    late[has_asm] = ~spread(rng, r[has_asm], P.p_asm_on_time, dim=0)
    on_time_wd = np.rint(rng.triangular(3, 32, 45, n)).astype(np.int64)
    late_wd = np.minimum(46 + rng.geometric(1 / 16, n), 110)
    auth = clock.add_wd(a, np.where(late, late_wd, on_time_wd)).astype(np.int64)
    completed = np.maximum(a, auth - rng.choice(4, size=n, p=[0.6, 0.2, 0.1, 0.1]))
    seen = rng.random(n) < 0.95

    emerg = uasc | (has_asm & ~transfer & (rng.random(n) < np.where(age >= 13, P.p_emergency_teen, P.p_emergency_child)))

    # Section 47 (the strategy discussion starts it) and the initial conference.
    s47 = has_asm & ~uasc & ~transfer & spread(rng, r, P.p_s47 * np.where(prior_cp, P.s47_prior_cp, 1.0), prior_cp, dim=2)
    s47_start = clock.add_wd(r, rng.integers(0, 5, n)).astype(np.int64)
    icpc_s47 = s47 & ~emerg & spread(rng, r, np.where(prior_cp, P.p_icpc_prior_cp, P.p_icpc), prior_cp, dim=3)
    icpc_late = np.zeros(n, bool)
    icpc_late[icpc_s47] = ~spread(rng, s47_start[icpc_s47], P.p_icpc_on_time, dim=1)
    icpc_wd = np.where(icpc_late, 16 + np.minimum(rng.geometric(1 / 7, n), 50), rng.integers(5, 16, n))
    icpc_date = np.where(transfer, clock.add_wd(r, rng.integers(3, 21, n)), clock.add_wd(s47_start, icpc_wd)).astype(np.int64)
    icpc_target = np.where(transfer, clock.add_wd(r, 15), clock.add_wd(s47_start, 15)).astype(np.int64)
    icpc = (icpc_s47 | transfer) & (icpc_date < b18 - 60)
    s47_end = np.where(icpc & ~transfer, np.maximum(s47_start, icpc_date - rng.integers(0, 4, n)),
                       s47_start + rng.integers(5, 36, n))
    s47_outcome = np.where(icpc & s47, 2, np.where(rng.random(n) < 0.4, 0, 1))  # 0 NFA, 1 CIN, 2 ICPC
    cp = icpc & (rng.random(n) < np.where(transfer, 0.95, P.p_cp_at_icpc))

    # Child protection plan: ends at the review conference that decides it is no longer needed.
    cp_start = icpc_date
    d = rng.gamma(2.0, P.cp_theta, n)
    k_end = 1 + np.ceil(np.maximum(d - 91, 0) / 182.6).astype(np.int64)
    due_end = add_months(cp_start, 3 + 6 * (k_end - 1)).astype(np.int64)
    review_on_time = rng.random(n) < 0.95
    held_end = np.where(review_on_time, due_end - rng.integers(0, 11, n), due_end + rng.integers(1, 26, n))
    care_cp = cp & (rng.random(n) < P.p_care_from_cp)
    care_at = cp_start + 14 + (rng.random(n) * np.maximum(held_end - cp_start - 14, 1)).astype(np.int64)
    moved = cp & ~care_cp & (rng.random(n) < 0.03)
    moved_at = cp_start + 30 + (rng.random(n) * np.maximum(held_end - cp_start - 30, 1)).astype(np.int64)
    cp_end = np.where(care_cp, care_at, np.where(moved, moved_at, held_end))
    cp_cause = np.where(care_cp, 1, np.where(moved, 2, 0))  # 0 review, 1 care, 2 moved away, 3 turned 18
    aged = cp_end >= b18 - 1
    cp_end = np.minimum(cp_end, b18 - 1)
    cp_cause = np.where(aged, 3, cp_cause)
    care_cp &= ~aged

    # Children in need without a protection plan.
    base = has_asm & ~cp & ~emerg
    not_in_need = base & (rng.random(n) < np.where(s47_outcome == 0, 0.6, P.p_not_in_need))
    cin1 = base & ~not_in_need & (rng.random(n) < P.p_cin_plan)
    cin1_start = auth
    cin1_end = np.minimum(cin1_start + 14 + rng.gamma(2.2, 90.0, n).astype(np.int64), b18 - 1)
    services = base & ~not_in_need & ~cin1
    care_cin = cin1 & (rng.random(n) < P.p_care_from_cin) & (cin1_end < b18 - 30)
    stepdown = cp & (cp_cause == 0) & (rng.random(n) < P.p_stepdown)
    cin2_start = cp_end
    cin2_end = np.minimum(cin2_start + 14 + rng.gamma(2.0, 85.0, n).astype(np.int64), b18 - 1)
    stepdown &= cin2_end > cin2_start

    # Care: an emergency at referral, or from a protection or in-need plan.
    c0 = np.where(emerg, r + rng.integers(0, 4, n), np.where(care_cp, cp_end, cin1_end))
    care = (emerg | care_cp | care_cin) & (c0 < b18 - 30)
    ex = care_exits.exits(rng, c0, dob, b18, uasc)
    c1 = ex["c1"].astype(np.int64)
    kind = ex["kind"]
    home = care & ((kind == care_exits.HOME) | (kind == care_exits.OTHER)) & (c1 < b18 - 120)
    cin3 = home & (rng.random(n) < 0.5)
    cin3_start = c1
    cin3_end = np.minimum(cin3_start + 30 + rng.gamma(2.0, 80.0, n).astype(np.int64), b18 - 1)

    # Closure of the episode of need.
    last = r.copy()
    last = np.where(has_asm, np.maximum(last, auth), last)
    last = np.where(s47, np.maximum(last, s47_end), last)
    last = np.where(icpc, np.maximum(last, icpc_date), last)  # the conference can follow the enquiry's end
    last = np.where(cp, np.maximum(last, cp_end), last)
    last = np.where(cin1, np.maximum(last, cin1_end), last)
    last = np.where(stepdown, np.maximum(last, cin2_end), last)
    last = np.where(care, np.maximum(last, c1), last)
    last = np.where(cin3, np.maximum(last, cin3_end), last)
    close = last + rng.integers(0, 15, n)
    close = np.where(nfa, r + rng.integers(0, 4, n), close)
    close = np.where(not_in_need & ~s47 & ~care, auth + rng.integers(0, 8, n), close)
    close = np.where(services & ~care & ~(s47 & (s47_end > auth)), auth + rng.integers(14, 150, n), close)
    close = np.maximum(close, last)
    close = np.minimum(np.maximum(close, last), np.maximum(b18, last))

    reason = np.full(n, CLOSE.index("RC7"), np.int16)
    to_eh = rng.random(n) < 0.3
    # RC8/RC9 close an episode after assessment only: never one with a section 47 or a conference (DfE rule 2990).
    after_asm = ~s47 & ~icpc
    reason[nfa | (not_in_need & after_asm)] = CLOSE.index("RC8")
    reason[(not_in_need | services) & to_eh & after_asm] = CLOSE.index("RC9")
    reason[moved] = CLOSE.index("RC5")
    rec = care_exits.REC
    ex_reason = np.array(rec)[np.maximum(ex["reason"], 0)]
    reason[care & np.isin(ex_reason, ["E11", "E12"])] = CLOSE.index("RC1")
    reason[care & np.isin(ex_reason, ["E45", "E46", "E47", "E48"])] = CLOSE.index("RC4")
    reason[care & (ex_reason == "E41")] = CLOSE.index("RC3")
    reason[care & (ex_reason == "E3")] = CLOSE.index("RC5")
    at18 = close >= b18 - 1
    reason[at18] = np.where(rng.random(at18.sum()) < 0.4, CLOSE.index("RC6"), CLOSE.index("RC7"))

    asm_outcome = np.select(
        [not_in_need, icpc | transfer, uasc | emerg, cin1],
        [0, 1, 2, 3], 4,
    ).astype(np.int16)  # index into ASSESSMENT_OUTCOMES (front_door.py)
    outcome = np.select(
        [nfa, transfer, uasc | emerg, cp, icpc, s47, not_in_need, cin1],
        [0, 1, 2, 3, 3, 4, 5, 6], 7,
    ).astype(np.int16)  # index into REFERRAL_OUTCOMES (front_door.py)

    # Re-referral: the next round.
    kind_next = np.select(
        [nfa, not_in_need, care & (kind == care_exits.HOME), care, cp, cin1],
        [P.p_next["nfa"], P.p_next["not_in_need"], P.p_next["care_home"], P.p_next["permanence"], P.p_next["cp"],
         P.p_next["plan"]],
        P.p_next["services"],
    )
    left_care_16 = care & ((c1 - dob) / 365.25 >= 16)
    again = (rng.random(n) < kind_next) & ~moved & ~left_care_16 & ~at18
    gap = np.where(rng.random(n) < P.short_gap_share, rng.integers(7, 200, n), rng.exponential(P.long_gap_mean, n).astype(np.int64) + 30)
    nr = clock.settle(rng, np.minimum(close + gap, NODATE - 1).astype(np.int32)).astype(np.int64)
    again &= nr < b18 - 183

    n_cp[pid[cp]] += 1

    def rows(mask: np.ndarray, **cols) -> dict:
        return {k: np.asarray(v)[mask] for k, v in cols.items()}

    all_ = np.ones(n, bool)
    out = {
        "ref": rows(all_, pid=pid, date=r.astype(np.int32), source=source, need=need, nfa=nfa, close=close.astype(np.int32),
                    reason=reason, outcome=outcome, transfer=transfer, uasc=uasc, s47=s47, cp=cp, care=care,
                    round=np.full(n, round_no, np.int16)),
        "asm": rows(has_asm, ref=ref_idx, pid=pid, start=a.astype(np.int32), auth=auth.astype(np.int32),
                    completed=completed.astype(np.int32), seen=seen, not_in_need=not_in_need, outcome=asm_outcome,
                    late=late),
    }
    s47_idx = offsets["s47"] + np.cumsum(s47) - 1
    out["s47"] = rows(s47, ref=ref_idx, pid=pid, start=s47_start.astype(np.int32), end=s47_end.astype(np.int32),
                      outcome=s47_outcome.astype(np.int8))
    icpc_idx = offsets["icpc"] + np.cumsum(icpc) - 1
    cpp_idx = offsets["cpp"] + np.cumsum(cp) - 1
    out["icpc"] = rows(icpc, ref=ref_idx, pid=pid, s47=np.where(s47, s47_idx, -1), date=icpc_date.astype(np.int32),
                       target=icpc_target.astype(np.int32), transfer=transfer, cp=np.where(cp, cpp_idx, -1))
    cat = _choice(rng, CATEGORY_WEIGHTS, n)
    latest = np.where(rng.random(n) < 0.9, cat, _choice(rng, CATEGORY_WEIGHTS, n))
    out["cpp"] = rows(cp, ref=ref_idx, icpc=icpc_idx, pid=pid, start=cp_start.astype(np.int32), end=cp_end.astype(np.int32),
                      cause=cp_cause.astype(np.int8), k_end=k_end, on_time=review_on_time, initial=cat, latest=latest,
                      prior=prior_cp)
    cin_parts = [
        rows(cin1, ref=ref_idx, pid=pid, start=cin1_start.astype(np.int32), end=cin1_end.astype(np.int32)),
        rows(stepdown, ref=ref_idx, pid=pid, start=cin2_start.astype(np.int32), end=cin2_end.astype(np.int32)),
        rows(cin3, ref=ref_idx, pid=pid, start=cin3_start.astype(np.int32), end=cin3_end.astype(np.int32)),
    ]
    out["cinp"] = _concat(cin_parts)
    path = np.where(emerg, 0, np.where(care_cp, 1, 2)).astype(np.int8)
    out["cla"] = rows(care, ref=ref_idx, pid=pid, start=c0.astype(np.int32), end=c1.astype(np.int32), kind=kind,
                      reason=ex["reason"], path=path, uasc=uasc, adm=ex["adm"], po=ex["po"], matched=ex["matched"],
                      placed=ex["placed"])
    return out, (pid[again], nr[again].astype(np.int32))
