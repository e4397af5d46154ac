"""Children looked after: legal statuses, placements, SSDA903 episodes, reviews, visits, health and missing.

A period of care (clae_cla_id) runs from entry to exit (care_exits.py). Inside it placements follow
one another (some settle and last until exit, others end after months: moves), legal status changes
(police protection -> interim care order -> full care order, or section 20), and every change of
placement or legal status starts a new episode, as in the SSDA903 return. Placements, visits,
reviews and health checks all fall inside the period of care.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from lineofsight.schema.codes import CODE_LISTS
from lineofsight.synth import care_exits
from lineofsight.synth.dates import NODATE, add_months, add_years, day, year_end
from lineofsight.synth.frame import flag, txt
from lineofsight.synth.postcodes import CITY, NEARBY
from lineofsight.synth.schedule import recurring
from lineofsight.synth.workforce import ADOPTION, TEAM_IDS, team_and_worker
from lineofsight.synth.world import World

PLACE = tuple(CODE_LISTS["placement_type"])
PROVIDER = tuple(CODE_LISTS["placement_provider"])
LEGAL = tuple(CODE_LISTS["legal_status"])
RNE = tuple(CODE_LISTS["reason_new_episode"])
CHANGE = tuple(CODE_LISTS["placement_change_reason"])
NEED = tuple(CODE_LISTS["primary_need"])
MISSING = tuple(CODE_LISTS["missing_type"])
BIG = np.int64(100_000_000)

CATS = ("inhouse", "ifa", "kinship", "residential", "semi", "unregistered", "parents", "adoption")
INHOUSE, IFA, KINSHIP, RESIDENTIAL, SEMI, UNREG, PARENTS, ADOPT = range(8)
# First and later placements by age band (under 5, 5-9, 10-15, 16-17); the last column (adoption) is never drawn.
CAT_BY_AGE = np.array([
    [0.46, 0.25, 0.24, 0.01, 0.00, 0.00, 0.04, 0.0],
    [0.40, 0.30, 0.22, 0.05, 0.00, 0.00, 0.03, 0.0],
    [0.29, 0.35, 0.12, 0.15, 0.00, 0.06, 0.03, 0.0],
    [0.15, 0.25, 0.07, 0.13, 0.33, 0.07, 0.00, 0.0],
])
UASC_CAT = np.array([0.05, 0.40, 0.0, 0.10, 0.45, 0.0, 0.0, 0.0])
# Chance a placement lasts until the child leaves care (rising with each move), and the mean days of one that does not.
STABLE = np.array([0.29, 0.29, 0.43, 0.20, 0.33, 0.0, 0.33, 1.0])
STABLE_STEP = 0.08
SETTLED_MEAN = 4000  # days: even settled placements sometimes break down
SHORT_MEAN = np.array([230, 250, 300, 200, 220, 40, 150, 0])
DISTANCE_MEDIAN = np.array([4.0, 11.0, 5.0, 24.0, 6.0, 35.0, 2.0, 15.0])
_CHANGE_MIX = {"CARPL": 30, "CREQB": 15, "CREQO": 10, "CHILD": 10, "LAREQ": 8, "ALLEG": 3, "STAND": 3, "CLOSE": 3,
               "APPRR": 2, "PLACE": 8, "CUSTOD": 2, "OTHER": 6}
CHANGE_WEIGHTS = np.array([_CHANGE_MIX.get(c, 0) for c in CHANGE], float)
CHANGE_WEIGHTS /= CHANGE_WEIGHTS.sum()
_CLA_NEED = {"N1": 62, "N2": 4, "N3": 3, "N4": 6, "N5": 15, "N6": 2, "N8": 8}
CLA_NEED_WEIGHTS = np.array([_CLA_NEED.get(c, 0) for c in NEED], float)
CLA_NEED_WEIGHTS /= CLA_NEED_WEIGHTS.sum()
PARTICIPATION = tuple(f"PN{i}" for i in range(8))
HEALTH_TYPES = ("Health assessment", "Dental check")
HEALTH_STATUS = ("Completed", "Refused", "Not completed")
LA_FOSTERING_URN = "SC999001"


def _pool(prefix: str, n: int, offset: int) -> list[str]:
    return [f"{prefix}{offset + 37 * i:06d}" for i in range(n)]


URNS = (LA_FOSTERING_URN,) + tuple(_pool("SC", 40, 100000)) + tuple(_pool("SC", 120, 300000)) \
    + tuple(_pool("SC", 30, 600000)) + tuple(_pool("SC", 6, 900000))
URN_RANGE = {IFA: (1, 41), RESIDENTIAL: (41, 161), SEMI: (161, 191), ADOPT: (191, 197)}
# Placement postcodes: real units (postcodes.py) so DfE validators can derive distance and placement LA.
# Own provision, kinship and placements with parents are in the city; other placements there or nearby.
POSTCODES = CITY + NEARBY
IN_CITY_SHARE = np.array([1.0, 0.45, 1.0, 0.35, 0.6, 0.3, 1.0, 0.5])  # by CATS
# Supported accommodation for 16- and 17-year-olds has had to be registered with Ofsted since 28 October
# 2023 (Supported Accommodation (England) Regulations 2023; Ofsted, "Introduction to supported
# accommodation"), so an unregistered setting of that kind still in use from then is registered.
# Unregistered children's homes go on whatever the year, for about 1 in 100 children looked after in a
# year, mostly teenagers (Ofsted, "Unregistered children's homes", 2024: 982 children placed in confirmed
# unregistered homes in 2023-24, against about 83,600 looked after at 31 March 2024 in DfE's figures; the
# CAT_BY_AGE shares above); the 2025-26 SSDA903 returns them under an 'other placement' code
# (formats/return_years.py), not with URN XXXXXXX.
SUPPORTED_REGISTERED_FROM = day(dt.date(2023, 10, 28))


class Periods:
    """Periods of care from the casework rounds, with derived columns every stage here needs."""

    def __init__(self, world: World):
        c = world.spine.cla
        self.pid = c["pid"]
        self.ref = c["ref"]
        self.start = c["start"].astype(np.int64)
        self.exit = c["end"].astype(np.int64)  # truth: after world.end means still looked after
        self.kind = c["kind"]
        self.reason = c["reason"]
        self.path = c["path"]
        self.uasc = c["uasc"]
        self.adm, self.po, self.matched, self.placed = (c[k].astype(np.int64) for k in ("adm", "po", "matched", "placed"))
        self.dob = world.people.dob[self.pid].astype(np.int64)
        self.n = self.pid.size
        self.adopt = self.kind == care_exits.ADOPTION


def placements(world: World, per: Periods) -> dict:
    """Placement rows (internal): period, start, end, category, type, provider and flags."""
    rng = world.rng("placements")
    rows: dict[str, list[np.ndarray]] = {k: [] for k in ("period", "start", "end", "cat", "stable", "k")}
    target = np.where(per.adopt, per.placed, per.exit)
    idx = np.arange(per.n)
    s = per.start.copy()
    k = 0
    while idx.size:
        age = (s - per.dob[idx]) / 365.25
        band = np.digitize(age, [5.0, 10.0, 16.0])
        probs = np.where(per.uasc[idx][:, None], UASC_CAT[None, :], CAT_BY_AGE[band])
        cat = (rng.random(idx.size)[:, None] > np.cumsum(probs, axis=1)).sum(axis=1)
        cat = np.minimum(cat, PARENTS)
        cat = np.where((cat == UNREG) & (age < 13), RESIDENTIAL, cat)
        cat = np.where((cat == SEMI) & (age < 16), IFA, cat)
        stable = (rng.random(idx.size) < np.minimum(0.92, STABLE[cat] + STABLE_STEP * k)) | (k >= 12)
        dur = np.where(stable, rng.exponential(SETTLED_MEAN, idx.size).astype(np.int64) + 180,
                       rng.exponential(SHORT_MEAN[cat]).astype(np.int64) + 7)
        dur = np.where(stable & (k >= 12), NODATE, dur)
        e = np.minimum(s + dur, target[idx])
        for key, v in (("period", idx), ("start", s), ("end", e), ("cat", cat), ("stable", stable), ("k", np.full(idx.size, k))):
            rows[key].append(v)
        cont = e < target[idx]
        idx, s = idx[cont], e[cont]
        k += 1
    a = np.flatnonzero(per.adopt)
    for key, v in (("period", a), ("start", per.placed[a]), ("end", per.exit[a]), ("cat", np.full(a.size, ADOPT)),
                   ("stable", np.ones(a.size, bool)), ("k", np.full(a.size, 99))):
        rows[key].append(v)
    out = {key: np.concatenate(v) for key, v in rows.items()}
    order = np.lexsort((out["start"], out["period"]))
    out = {key: v[order] for key, v in out.items()}
    out = _settle_for_stability(world, per, out)
    n = out["period"].size
    cat = out["cat"]
    u = rng.random(n)
    ptype = np.select(
        [cat == INHOUSE, cat == IFA, cat == KINSHIP, cat == RESIDENTIAL, cat == SEMI, cat == UNREG, cat == PARENTS],
        [np.where(out["stable"], PLACE.index("U4"), PLACE.index("U6")),
         np.where(out["stable"], PLACE.index("U4"), PLACE.index("U6")),
         np.where(out["stable"], PLACE.index("U1"), PLACE.index("U3")),
         PLACE.index("K2"), PLACE.index("H5"),
         np.where((u < 0.2) & ((out["start"] - per.dob[out["period"]]) >= 16 * 365.25), PLACE.index("H5"), PLACE.index("K2")),
         PLACE.index("P1")],
        np.where(u < 0.15, PLACE.index("A5"), PLACE.index("A6")),
    )
    provider = np.select(
        [cat == INHOUSE, cat == IFA, cat == KINSHIP, cat == RESIDENTIAL, cat == SEMI, cat == UNREG, cat == PARENTS],
        [PROVIDER.index("PR1"), PROVIDER.index("PR4"), PROVIDER.index("PR1"),
         np.where(u < 0.8, PROVIDER.index("PR4"), PROVIDER.index("PR1")), PROVIDER.index("PR4"), PROVIDER.index("PR4"),
         PROVIDER.index("PR0")],
        np.where(u < 0.7, PROVIDER.index("PR1"), PROVIDER.index("PR5")),
    )
    out["type"] = ptype.astype(np.int16)
    out["provider"] = provider.astype(np.int16)
    out["long_term"] = np.isin(ptype, [PLACE.index("U1"), PLACE.index("U4")])
    # Unregistered supported accommodation still in use from SUPPORTED_REGISTERED_FROM is registered, with
    # its own URN (drawn from u, so the random streams are unchanged); unregistered children's homes stay.
    registered_now = (cat == UNREG) & (ptype == PLACE.index("H5")) & (out["end"] >= SUPPORTED_REGISTERED_FROM)
    out["unregistered"] = (cat == UNREG) & ~registered_now
    last = np.r_[out["period"][1:] != out["period"][:-1], True]
    out["change"] = np.where(last, -1, rng.choice(len(CHANGE), size=n, p=CHANGE_WEIGHTS)).astype(np.int16)
    # No child under 10 leaves a placement for custody (DfE rule 234, 2025-26): theirs is a change to the care plan.
    under_10 = out["start"] < add_years(per.dob[out["period"]], 10)
    out["change"][under_10 & (out["change"] == CHANGE.index("CUSTOD"))] = CHANGE.index("CARPL")
    out["distance"] = np.round(rng.lognormal(np.log(DISTANCE_MEDIAN[cat]), 0.8), 1)
    urn = np.zeros(n, np.int32)
    for c, (lo, hi) in URN_RANGE.items():
        sel = cat == c
        urn[sel] = rng.integers(lo, hi, sel.sum())
    urn[(cat == UNREG) | (cat == PARENTS)] = -1
    lo, hi = URN_RANGE[SEMI]
    urn[registered_now] = lo + (u[registered_now] * (hi - lo)).astype(np.int32)
    out["urn"] = urn
    # Semi-independent and supported accommodation is in the city: from 2025-26 (as K3) rule 241, as the
    # validator codes it, wants a registered provider's placement in the authority's own area.
    city = (rng.random(n) < IN_CITY_SHARE[cat]) | (provider == PROVIDER.index("PR1")) | (ptype == PLACE.index("H5"))
    # Odd-numbered city postcodes only: homes use the even ones, so no placement is at the child's home (rule 392d).
    out["postcode"] = np.where(city, 1 + 2 * rng.integers(0, len(CITY) // 2, n), len(CITY) + rng.integers(0, len(NEARBY), n))
    return out


STABILITY_TARGET = 68.0  # % (calibration.TARGETS["stability_long_term"])


def _settle_for_stability(world: World, per: Periods, out: dict) -> dict:
    """Nudge a few placement histories so the latest year's long-term stability sits near 68%.

    The figure covers under-16s looked after 2.5 years or more (about 175 children in the medium
    authority), so sampling noise alone moves it by 3-4 points. For a handful of them this either
    takes back moves made in the last two years (the earlier placement lasted) or adds one, until the
    share is a draw from 68% ± 1.2 points. Adoption journeys are left alone.
    """
    rng = world.rng("stability")
    ye = year_end(world.end)
    two = int(add_years(np.array([ye]), -2)[0])
    p = out["period"]
    eligible = ((per.start <= int(add_months(np.array([ye]), -30)[0])) & (per.exit > ye)
                & (add_years(per.dob, 16) > ye) & ~per.adopt)
    pkeys = p.astype(np.int64) * BIG + out["start"]
    cur = np.searchsorted(pkeys, np.arange(per.n, dtype=np.int64) * BIG + ye, side="right") - 1
    idx = np.flatnonzero(eligible)
    stable = out["start"][cur[idx]] <= two
    target = int(round(idx.size * np.clip(STABILITY_TARGET + rng.normal(0, 1.2), 65.5, 70.5) / 100))
    gap = target - int(stable.sum())
    if gap > 0:  # take back the moves of the last two years for `gap` children
        chosen = rng.choice(idx[~stable], size=min(gap, (~stable).sum()), replace=False)
        at_two = np.searchsorted(pkeys, chosen.astype(np.int64) * BIG + two, side="right") - 1
        drop = np.zeros(p.size, bool)
        for_period = np.zeros(per.n, bool)
        for_period[chosen] = True
        drop[for_period[p] & (out["start"] > two) & (out["start"] <= ye)] = True
        out["end"][at_two] = out["end"][cur[chosen]]
        out = {k: v[~drop] for k, v in out.items()}
    elif gap < 0:  # add a move in the last two years for -gap children
        chosen = rng.choice(idx[stable], size=min(-gap, int(stable.sum())), replace=False)
        c = cur[chosen]
        move = two + 30 + (rng.random(c.size) * (ye - two - 60)).astype(np.int64)
        new = {k: v[c].copy() for k, v in out.items()}
        new["start"] = move
        out["end"][c] = move
        out = {k: np.concatenate([out[k], new[k]]) for k in out}
        order = np.lexsort((out["start"], out["period"]))
        out = {k: v[order] for k, v in out.items()}
    return out


def legal_statuses(world: World, per: Periods) -> dict:
    """Legal status rows: the first at entry, then orders as courts make them, until exit."""
    rng = world.rng("legal")
    n = per.n
    age = (per.start - per.dob) / 365.25
    u = rng.random(n)
    first = np.where(per.uasc | ((age >= 16) & (u < 0.8)), LEGAL.index("V2"),
                     np.where((per.path == 0) & (u < 0.45), LEGAL.index("L1"),
                              np.where(rng.random(n) < 0.6, LEGAL.index("C1"), LEGAL.index("V2"))))
    d1 = per.start + rng.integers(1, 4, n)
    s1 = np.where(rng.random(n) < 0.65, LEGAL.index("C1"), LEGAL.index("V2"))
    has1 = first == LEGAL.index("L1")
    cur, cur_d = np.where(has1, s1, first), np.where(has1, d1, per.start)
    to_c2 = cur == LEGAL.index("C1")
    to_c1 = (cur == LEGAL.index("V2")) & ~per.uasc & (rng.random(n) < 0.15)
    d2 = cur_d + np.where(to_c2, rng.integers(120, 330, n), rng.integers(60, 250, n))
    s2 = np.where(to_c2, LEGAL.index("C2"), LEGAL.index("C1"))
    has2 = to_c2 | to_c1
    has3 = per.adopt
    has2 &= ~(has3 & (d2 >= per.po))
    period = np.concatenate([np.arange(n), np.flatnonzero(has1), np.flatnonzero(has2), np.flatnonzero(has3)])
    date = np.concatenate([per.start, d1[has1], d2[has2], per.po[has3]])
    status = np.concatenate([first, s1[has1], s2[has2], np.full(has3.sum(), LEGAL.index("E1"))])
    keep = (date < per.exit[period]) | (date == per.start[period])
    period, date, status = period[keep], date[keep], status[keep]
    order = np.lexsort((date, period))
    period, date, status = period[order], date[order], status[order]
    last = np.r_[period[1:] != period[:-1], True]
    stop = np.where(last, per.exit[period], np.r_[date[1:], 0])
    return {"period": period, "start": date, "end": stop, "status": status.astype(np.int16)}


def episodes(world: World, per: Periods, plc: dict, leg: dict) -> dict:
    """SSDA903 episodes: a new one at each change of placement or legal status, with its RNE code."""
    rng = world.rng("episodes")
    period = np.concatenate([plc["period"], leg["period"]])
    date = np.concatenate([plc["start"], leg["start"]])
    is_place = np.concatenate([np.ones(plc["period"].size, bool), np.zeros(leg["period"].size, bool)])
    key = period.astype(np.int64) * BIG + date
    uniq, inv = np.unique(key, return_inverse=True)
    place = np.bincount(inv, weights=is_place, minlength=uniq.size) > 0
    legal = np.bincount(inv, weights=~is_place, minlength=uniq.size) > 0
    e_period = (uniq // BIG).astype(np.int64)
    e_start = (uniq % BIG).astype(np.int64)
    first = np.r_[True, e_period[1:] != e_period[:-1]]
    last = np.r_[e_period[1:] != e_period[:-1], True]
    u = rng.random(uniq.size)
    rne = np.select([first, place & legal, place], [RNE.index("S"), np.where(u < 0.9, RNE.index("T"),
                    np.where(u < 0.95, RNE.index("U"), RNE.index("B"))), RNE.index("P")], RNE.index("L"))
    stop = np.where(last, per.exit[e_period], np.r_[e_start[1:], 0])
    pkeys = plc["period"].astype(np.int64) * BIG + plc["start"]
    placement = np.searchsorted(pkeys, uniq, side="right") - 1
    reason = np.where(last, per.reason[e_period], care_exits.REC.index("X1"))
    return {"period": e_period, "start": e_start, "end": stop, "rne": rne.astype(np.int16), "placement": placement,
            "reason": reason.astype(np.int16)}


def _dfe_consistent(per: Periods, plc: dict, leg: dict, eps: dict) -> None:
    """Make placement types agree with the legal status and episodes around them, as the SSDA903 rules ask.

    DfE rule 378: no placement with parents under a single period of section 20 accommodation (V2);
    such a child is fostered in house instead. Rule 217: placed for adoption with current foster
    carers (A3, A5) only on episodes starting S, T or U; otherwise with other adopters (A4, A6).
    Rule 516: care ending in a special guardianship order to former foster carers (E45, E46) only
    from a foster placement (U1-U6); otherwise the last placement was with connected-person carers (U3).
    """
    ptype = plc["type"]
    changed = np.zeros(ptype.size, bool)
    v2 = leg["status"] == LEGAL.index("V2")
    v2_end = np.zeros(per.n, np.int64)
    np.maximum.at(v2_end, leg["period"][v2], leg["end"][v2].astype(np.int64))
    with_parents = (ptype == PLACE.index("P1")) & (plc["start"] < v2_end[plc["period"]])
    ptype[with_parents] = PLACE.index("U6")
    plc["provider"][with_parents] = PROVIDER.index("PR1")
    changed |= with_parents
    current = np.isin(ptype[eps["placement"]], [PLACE.index("A3"), PLACE.index("A5")])
    bad_rne = ~np.isin(eps["rne"], [RNE.index("S"), RNE.index("T"), RNE.index("U")])
    other = np.zeros(ptype.size, bool)
    other[eps["placement"][current & bad_rne]] = True
    ptype[other & (ptype == PLACE.index("A3"))] = PLACE.index("A4")
    ptype[other & (ptype == PLACE.index("A5"))] = PLACE.index("A6")
    foster = [PLACE.index(c) for c in ("U1", "U2", "U3", "U4", "U5", "U6")]
    sgo = np.isin(eps["reason"], [care_exits.REC.index("E45"), care_exits.REC.index("E46")])
    last_plc = eps["placement"][sgo & ~np.isin(ptype[eps["placement"]], foster)]
    ptype[last_plc] = PLACE.index("U3")
    plc["provider"][last_plc] = PROVIDER.index("PR1")
    changed[last_plc] = True
    plc["urn"][changed] = 0  # the authority's own fostering service
    plc["unregistered"][changed] = False
    plc["long_term"][changed] = False
    # A placement must not repeat the one before it in every detail, or the change of placement that
    # starts its episode is no change at all (DfE rule 435): such carers live at another city address.
    i = np.arange(1, ptype.size)
    j = i - 1
    same = ((plc["period"][j] == plc["period"][i]) & (ptype[j] == ptype[i]) & (plc["provider"][j] == plc["provider"][i])
            & (plc["urn"][j] == plc["urn"][i]) & (plc["postcode"][j] == plc["postcode"][i]))
    i, j = i[same], j[same]
    k = np.where(plc["postcode"][j] < len(CITY), (plc["postcode"][j] - 1) // 2, 0)
    plc["postcode"][i] = 1 + 2 * ((k + 1) % (len(CITY) // 2))


def reviews(world: World, per: Periods) -> dict:
    """Reviews: within 20 working days of entry, then 3 months later, then every 6 months."""
    rng = world.rng("cla_reviews")
    end = world.end
    rows: dict[str, list[np.ndarray]] = {"period": [], "due": [], "held": []}
    idx = np.arange(per.n)
    due = world.clock.add_wd(per.start, 20).astype(np.int64)
    k = 1
    while idx.size:
        on_time = rng.random(idx.size) < 0.9
        held = np.where(on_time, np.maximum(due - rng.integers(0, 11, idx.size), per.start[idx] + 1),
                        due + rng.integers(1, 31, idx.size))
        live = (held <= per.exit[idx]) & (held <= end)
        for key, v in (("period", idx), ("due", due), ("held", held)):
            rows[key].append(v[live])
        idx, held = idx[live], held[live]
        due = add_months(held, 3 if k == 1 else 6).astype(np.int64)
        k += 1
    out = {key: np.concatenate(v) for key, v in rows.items()}
    order = np.lexsort((out["held"], out["period"]))
    return {key: v[order] for key, v in out.items()}


def build(world: World) -> None:
    """Add every care table to world.frames."""
    per = Periods(world)
    end = world.end
    plc = placements(world, per)
    leg = legal_statuses(world, per)
    eps = episodes(world, per, plc, leg)
    _dfe_consistent(per, plc, leg, eps)
    rev = reviews(world, per)
    f = world.frames
    rng = world.rng("care_frames")

    def future(d):
        return np.where(d <= end, d, NODATE).astype(np.int32)

    f["_cla_period"] = {"start": per.start.astype(np.int32), "person": per.pid.astype(np.int64)}

    f["ssd_legal_status"] = {
        "lega_person_id": per.pid[leg["period"]].astype(np.int64),
        "lega_legal_status": leg["status"],
        "lega_legal_status_start_date": leg["start"].astype(np.int32),
        "lega_legal_status_end_date": future(leg["end"]),
    }

    pend = plc["end"]
    f["ssd_cla_placement"] = {
        "clap_cla_id": plc["period"].astype(np.int64),
        "clap_person_id": per.pid[plc["period"]].astype(np.int64),
        "clap_cla_placement_start_date": plc["start"].astype(np.int32),
        "clap_cla_placement_type": plc["type"],
        "clap_cla_placement_urn": txt(plc["urn"], URNS),
        "clap_cla_placement_distance": plc["distance"],
        "clap_cla_placement_provider": plc["provider"],
        "clap_cla_placement_postcode": txt(plc["postcode"], POSTCODES),
        "clap_cla_placement_end_date": future(pend),
        "clap_cla_placement_change_reason": np.where(pend <= end, plc["change"], -1).astype(np.int16),
        "clap_cla_placement_unregistered": flag(plc["unregistered"]),
        "clap_cla_placement_long_term": flag(plc["long_term"]),
    }

    # Last review (IRO contact) on or before each episode's end.
    rkeys = rev["period"].astype(np.int64) * BIG + rev["held"]
    e_last = np.minimum(eps["end"], end)
    pos = np.searchsorted(rkeys, eps["period"].astype(np.int64) * BIG + e_last, side="right") - 1
    ok = pos >= 0
    ok &= rev["period"][np.maximum(pos, 0)] == eps["period"]
    iro = np.where(ok, rev["held"][np.maximum(pos, 0)], NODATE)
    need = rng.choice(len(NEED), size=per.n, p=CLA_NEED_WEIGHTS)
    need[per.uasc] = NEED.index("N8")
    team, _ = team_and_worker(world.seg, world.alloc, per.pid[eps["period"]], eps["start"])
    f["ssd_cla_episodes"] = {
        "clae_person_id": per.pid[eps["period"]].astype(np.int64),
        "clae_cla_placement_id": eps["placement"].astype(np.int64),
        "clae_cla_episode_start_date": eps["start"].astype(np.int32),
        "clae_cla_episode_start_reason": eps["rne"],
        "clae_cla_primary_need_code": need[eps["period"]].astype(np.int16),
        "clae_cla_episode_ceased_date": future(eps["end"]),
        "clae_cla_episode_ceased_reason": np.where(eps["end"] <= end, eps["reason"], -1).astype(np.int16),
        "clae_cla_id": eps["period"].astype(np.int64),
        "clae_referral_id": per.ref[eps["period"]].astype(np.int64),
        "clae_cla_last_iro_contact_date": iro.astype(np.int32),
        "clae_entered_care_date": per.start[eps["period"]].astype(np.int32),
        "clae_cla_team": txt(team, TEAM_IDS),
    }

    m = rev["period"].size
    age = (rev["held"] - per.dob[rev["period"]]) / 365.25
    part = np.where(age < 4, 0, rng.choice(np.arange(1, 8), size=m, p=[0.35, 0.15, 0.12, 0.15, 0.05, 0.08, 0.10]))
    cancelled = rng.random(m) < 0.01
    c_date = np.maximum(rev["held"] - rng.integers(3, 16, m), per.start[rev["period"]] + 1)
    c_ok = cancelled & (c_date < rev["held"])
    r_period = np.concatenate([rev["period"], rev["period"][c_ok]])
    f["ssd_cla_reviews"] = {
        "clar_cla_id": r_period.astype(np.int64),
        "clar_cla_review_due_date": future(np.concatenate([rev["due"], rev["due"][c_ok]])),
        "clar_cla_review_date": np.concatenate([rev["held"], c_date[c_ok]]).astype(np.int32),
        "clar_cla_review_cancelled": flag(np.r_[np.zeros(m, bool), np.ones(c_ok.sum(), bool)]),
        "clar_cla_review_participation": txt(np.r_[part, np.full(c_ok.sum(), -1)], PARTICIPATION),
        "clar_cla_person_id": per.pid[r_period].astype(np.int64),
    }

    _visits(world, per, plc)
    _health(world, per)
    _outcomes(world, per)
    _missing(world, per, plc)
    _permanence(world, per, plc)


def _visits(world: World, per: Periods, plc: dict) -> None:
    """Statutory visits: within a week of each placement, then 6-weekly (3-monthly in an agreed
    long-term placement after its first year; weekly in an unregistered home)."""
    rng = world.rng("cla_visits")
    pid = per.pid[plc["period"]]
    team, _ = team_and_worker(world.seg, world.alloc, pid, plc["start"])
    on_time = world.compliance[np.maximum(team, 0)]
    stop = np.minimum(plc["end"], world.end)
    year1 = plc["start"] + 365
    interval = np.where(plc["unregistered"], 7, 42)
    lt = plc["long_term"]
    o1, d1 = recurring(rng, plc["start"], np.where(lt, np.minimum(stop, year1), stop), interval, on_time,
                       rng.integers(0, 8, pid.size), world.window)
    o2, d2 = recurring(rng, year1[lt], stop[lt], 91, on_time[lt], rng.integers(30, 80, lt.sum()), world.window)
    owner = np.concatenate([o1, np.flatnonzero(lt)[o2]])
    date = np.concatenate([d1, d2])
    vp = pid[owner]
    n = owner.size
    age = (date - world.people.dob[vp]) / 365.25
    seen = rng.random(n) < 0.96
    alone = seen & (age >= 4) & (rng.random(n) < 0.75)
    lag = rng.choice([0, 1, 2, 3, 5, 7], size=n, p=[0.35, 0.3, 0.15, 0.1, 0.06, 0.04])
    world.frames["ssd_cla_visits"] = {
        "clav_cla_id": plc["period"][owner].astype(np.int64),
        "clav_person_id": vp.astype(np.int64),
        "clav_cla_visit_date": date.astype(np.int32),
        "clav_cla_visit_seen": flag(seen),
        "clav_cla_visit_seen_alone": flag(alone),
        "clav_cla_visit_recorded_date": np.minimum(date + lag, world.end).astype(np.int32),
    }


def _health(world: World, per: Periods) -> None:
    """Health assessments (6-monthly under 5, yearly after) and yearly dental checks."""
    rng = world.rng("cla_health")
    stop = np.minimum(per.exit, world.end)
    young = (per.start - per.dob) < 5 * 365.25
    o1, d1 = recurring(rng, per.start, stop, np.where(young, 182, 365), 0.88, rng.integers(10, 29, per.n), world.window)
    o2, d2 = recurring(rng, per.start, stop, 365, 0.78, rng.integers(30, 200, per.n), world.window)
    owner = np.concatenate([o1, o2])
    date = np.concatenate([d1, d2])
    kind = np.r_[np.zeros(o1.size, np.int32), np.ones(o2.size, np.int32)]
    n = owner.size
    age = (date - per.dob[owner]) / 365.25
    status = np.where(rng.random(n) < 0.94, 0, np.where((age >= 12) & (rng.random(n) < 0.5), 1, 2))
    world.frames["ssd_cla_health"] = {
        "clah_person_id": per.pid[owner].astype(np.int64),
        "clah_health_check_type": txt(kind, HEALTH_TYPES),
        "clah_health_check_date": date.astype(np.int32),
        "clah_health_check_status": txt(status, HEALTH_STATUS),
    }


def _missing(world: World, per: Periods, plc: dict) -> None:
    """Missing and away episodes, mostly teenagers in residential and unregistered homes."""
    rng = world.rng("missing")
    rate = np.array([0.25, 0.3, 0.15, 2.6, 1.2, 4.5, 0.3, 0.0])[plc["cat"]]  # a year, for a child of 11+
    frailty = rng.gamma(0.6, 1 / 0.6, plc["cat"].size)
    lo = np.maximum(np.maximum(plc["start"], world.window), add_years(per.dob[plc["period"]], 11).astype(np.int64))
    # Back before the day care ends: a child missing as care ends must have it ended as E8 (DfE rule 580).
    ends_care = plc["end"] == per.exit[plc["period"]]
    hi = np.minimum(np.where(ends_care, plc["end"] - 1, plc["end"]), world.end)
    years = np.clip(hi - lo, 0, None) / 365.25
    count = rng.poisson(rate * frailty * years)
    owner = np.repeat(np.arange(count.size), count)
    start = lo[owner] + (rng.random(owner.size) * (hi - lo)[owner]).astype(np.int64)
    order = np.lexsort((start, owner))
    owner, start = owner[order], start[order]
    dur = rng.choice([0, 1, 2, 3, 5], size=owner.size, p=[0.5, 0.3, 0.1, 0.06, 0.04])
    stop = np.minimum(start + dur, hi[owner])
    # Episodes of one child never overlap: drop any that starts before the previous one ended.
    keep = np.ones(owner.size, bool)
    for _ in range(5):
        idx = np.flatnonzero(keep)
        clash = np.r_[False, (owner[idx][1:] == owner[idx][:-1]) & (start[idx][1:] <= stop[idx][:-1])]
        if not clash.any():
            break
        keep[idx[clash]] = False
    owner, start, stop = owner[keep], start[keep], stop[keep]
    n = owner.size
    still = (start + dur[keep] > world.end)
    offered = rng.random(n) < 0.88
    accepted = offered & (rng.random(n) < 0.6)
    world.frames["ssd_missing"] = {
        "miss_person_id": per.pid[plc["period"][owner]].astype(np.int64),
        "miss_missing_episode_start_date": start.astype(np.int32),
        "miss_missing_episode_type": np.where(rng.random(n) < 0.78, MISSING.index("M"), MISSING.index("A")).astype(np.int16),
        "miss_missing_episode_end_date": np.where(still, NODATE, stop).astype(np.int32),
        "miss_missing_rhi_offered": flag(offered, known=~still),
        "miss_missing_rhi_accepted": flag(accepted, known=~still),
    }


ADOPTER_SEX = ("Male and female", "Female and female", "Male and male", "Female", "Male")
ADOPTER_LEGAL = ("Married couple", "Civil partners", "Unmarried couple", "Single")
ORDER_TYPES = ("Adoption", "Special guardianship order", "Child arrangements order")


def _permanence(world: World, per: Periods, plc: dict) -> None:
    """Adoption milestones for children with an adoption decision; SGO and CAO orders at exit."""
    rng = world.rng("permanence")
    end = world.end
    rec = np.array(care_exits.REC)[np.maximum(per.reason, 0)]
    sgo = np.isin(rec, ["E45", "E46", "E47", "E48"]) & (per.exit <= end)
    cao = (rec == "E41") & (per.exit <= end)
    adopt = per.adopt & (per.adm <= end)
    rows = np.flatnonzero(adopt | sgo | cao)
    n = rows.size
    a = adopt[rows]

    def d(x):
        return np.where(a & (x[rows] <= end), x[rows], NODATE).astype(np.int32)

    order_date = np.where(per.exit[rows] <= end, per.exit[rows], NODATE).astype(np.int32)
    otype = np.where(a, 0, np.where(sgo[rows], 1, 2))
    otype = np.where(order_date == NODATE, -1, otype)
    sex = rng.choice(5, size=n, p=[0.72, 0.08, 0.06, 0.12, 0.02])
    legal = np.where(sex <= 2, np.where(sex == 0, rng.choice([0, 2], size=n, p=[0.8, 0.2]), 1), 3)
    number = np.where(sex <= 2, 2, 1)
    sibling = rng.random(n) < 0.25
    together = np.where(sibling, rng.integers(0, 3, n), -1)
    apart = np.where(sibling, rng.integers(0, 2, n), -1)
    # Adopted by the foster carer when the adoptive placement is type A5 (with current foster carer).
    a5 = np.zeros(per.n, bool)
    fin = plc["cat"] == ADOPT
    a5[plc["period"][fin]] = plc["type"][fin] == PLACE.index("A5")
    worker = world.wf.random_worker(rng, ADOPTION, np.minimum(np.where(a, per.adm[rows], per.exit[rows]), end))
    urn = np.where(a, rng.integers(*URN_RANGE[ADOPT], n), -1)
    world.frames["ssd_permanence"] = {
        "perm_person_id": per.pid[rows].astype(np.int64),
        "perm_cla_id": rows.astype(np.int64),
        "perm_adm_decision_date": d(per.adm),
        "perm_part_of_sibling_group": flag(sibling, known=a),
        "perm_siblings_placed_together": np.where(a, together, -1).astype(np.int64),
        "perm_siblings_placed_apart": np.where(a, apart, -1).astype(np.int64),
        "perm_ffa_cp_decision_date": np.full(n, NODATE, np.int32),
        "perm_placement_order_date": d(per.po),
        "perm_matched_date": d(per.matched),
        "perm_adopter_sex": txt(np.where(a & (per.matched[rows] <= end), sex, -1), ADOPTER_SEX),
        "perm_adopter_legal_status": txt(np.where(a & (per.matched[rows] <= end), legal, -1), ADOPTER_LEGAL),
        "perm_number_of_adopters": np.where(a & (per.matched[rows] <= end), number, -1).astype(np.int64),
        "perm_placed_for_adoption_date": d(per.placed),
        "perm_adopted_by_carer_flag": flag(a5[rows], known=a & (per.placed[rows] <= end)),
        "perm_placed_foster_carer_date": np.full(n, NODATE, np.int32),
        "perm_placed_ffa_cp_date": np.full(n, NODATE, np.int32),
        "perm_placement_provider_urn": txt(urn, URNS),
        "perm_decision_reversed_date": np.full(n, NODATE, np.int32),
        "perm_decision_reversed_reason": txt(np.full(n, -1), ("",)),
        "perm_permanence_order_date": order_date,
        "perm_permanence_order_type": txt(otype, ORDER_TYPES),
        "perm_adoption_worker_id": np.where(a, worker, -1).astype(np.int64),
    }


SDQ_REASON = tuple(CODE_LISTS["sdq_reason"])
OFFENCES = ("Theft", "Criminal damage", "Common assault", "Possession of a controlled drug", "Robbery",
            "Public order offence", "Motoring offence")
SUBSTANCES = ("Cannabis", "Alcohol", "Cocaine", "Solvents", "Other")


def _outcomes(world: World, per: Periods) -> None:
    """SSDA903 OC2 outcomes of children looked after: yearly SDQ scores (ages 4-16) and immunisation
    status once looked after a year; convictions and substance misuse, rarely, for those aged 10+."""
    rng = world.rng("cla_outcomes")
    end = world.end
    stop = np.minimum(per.exit, end)
    # Every year of care has its SDQ record, a score or the reason there is none (DfE rules 186, 197B):
    # the first within a year of entry; under 4 or 17 and over on the day, reason SDQ1.
    o, d = recurring(rng, per.start + 300, stop, 365, 1.0, rng.integers(0, 60, per.n), world.window)
    age = (d - per.dob[o]) / 365.25
    # 31 March on or after each date: under-4s at that year end have no SDQ record at all (DfE rule 188).
    dd = d.astype("datetime64[D]")
    y = dd.astype("datetime64[Y]")
    after_march = (dd.astype("datetime64[M]") - y.astype("datetime64[M]")).astype(np.int64) >= 3
    ye = (((y + after_march.astype(np.int64)).astype("datetime64[M]") + 3).astype("datetime64[D]") - 1).astype(np.int64)
    keep = (age >= 3) & (age < 18) & (add_years(per.dob[o], 4) <= ye)
    o, d, age = o[keep], d[keep], age[keep]
    n = o.size
    too_young_or_old = (age < 4) | (age >= 17)
    no_score = (rng.random(n) < 0.1) | too_young_or_old
    reason = np.where(no_score, rng.choice([1, 2, 3, 4], size=n, p=[0.35, 0.1, 0.3, 0.25]), -1)
    reason = np.where(too_young_or_old, 0, reason)
    score = np.clip(np.rint(rng.normal(14.5, 6.5, n)), 0, 40).astype(np.int64)
    world.frames["ssd_sdq_scores"] = {
        "csdq_person_id": per.pid[o].astype(np.int64),
        "csdq_sdq_completed_date": d.astype(np.int32),
        "csdq_sdq_score": np.where(no_score, -1, score),
        "csdq_sdq_reason": reason.astype(np.int16),
    }
    o, d = recurring(rng, per.start + 365, stop, 365, 1.0, rng.integers(0, 60, per.n), world.window)
    world.frames["ssd_cla_immunisations"] = {
        "clai_person_id": per.pid[o].astype(np.int64),
        "clai_immunisations_status": flag(rng.random(o.size) < 0.86),
        "clai_immunisations_status_date": d.astype(np.int32),
    }

    def rare(stream: str, rate: float, min_age: float) -> tuple[np.ndarray, np.ndarray]:
        r = world.rng(stream)
        lo = np.maximum(np.maximum(per.start, world.window), add_years(per.dob, int(min_age)).astype(np.int64))
        years = np.clip(stop - lo, 0, None) / 365.25
        count = r.poisson(rate * years)
        owner = np.repeat(np.arange(per.n), count)
        day = lo[owner] + (r.random(owner.size) * (stop - lo)[owner]).astype(np.int64)
        order = np.lexsort((day, owner))
        return owner[order], day[order]

    o, d = rare("convictions", 0.06, 10)
    world.frames["ssd_cla_convictions"] = {
        "clac_person_id": per.pid[o].astype(np.int64),
        "clac_cla_conviction_date": d.astype(np.int32),
        "clac_cla_conviction_offence": txt(rng.integers(0, len(OFFENCES), o.size), OFFENCES),
    }
    o, d = rare("substance", 0.07, 12)
    world.frames["ssd_cla_substance_misuse"] = {
        "clas_person_id": per.pid[o].astype(np.int64),
        "clas_substance_misuse_date": d.astype(np.int32),
        "clas_substance_misused": txt(rng.choice(len(SUBSTANCES), size=o.size, p=[0.55, 0.25, 0.08, 0.04, 0.08]), SUBSTANCES),
        # One draw: received (70%) implies offered; most of the rest were offered one and declined it.
        "clas_intervention_received": flag((u := rng.random(o.size)) < 0.7),
        "clas_intervention_offered": flag(u < 0.9),
    }
