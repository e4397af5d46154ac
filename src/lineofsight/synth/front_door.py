"""The front door: contacts, referrals, single assessments and early help.

Every referral is preceded by a contact on the same day for the same child with outcome REF;
other contacts end in early help, advice, signposting or no further action (about a third of
contacts become referrals). Contacts are recorded on the day they arrive or the next working day;
a later recording is an injected defect, never natural.
"""

from __future__ import annotations

import numpy as np

from lineofsight.schema.codes import CODE_LISTS
from lineofsight.synth.dates import NODATE, add_years
from lineofsight.synth.frame import Frame, flag, txt
from lineofsight.synth.journeys import SOURCE_WEIGHTS
from lineofsight.synth.population import CONTACT_AGES
from lineofsight.synth.workforce import FRONT, TEAM_IDS, team_and_worker
from lineofsight.synth.world import World

OUTCOME = tuple(CODE_LISTS["contact_outcome"])
SOURCE_DESC = tuple(CODE_LISTS["referral_source"].values())
REFERRAL_OUTCOMES = tuple(f'{{"outcome": "{o}"}}' for o in (
    "No further action", "Transfer-in child protection conference", "Single assessment and accommodation",
    "Strategy discussion and single assessment", "Strategy discussion and single assessment", "Single assessment",
    "Single assessment", "Single assessment",
))
ASSESSMENT_OUTCOMES = tuple(f'{{"outcome": "{o}"}}' for o in (
    "No further action", "Child protection conference", "Looked after", "Child in need plan", "Child in need services",
))
CONTACT_OUTCOME_JSON = tuple(f'{{"outcome": "{o}"}}' for o in CODE_LISTS["contact_outcome"].values())
FACTORS = ("3A", "3B", "3C", "4A", "4B", "4C", "1A", "1B", "2A", "2B", "18B", "18C", "19B", "19C", "6A", "6B",
           "5A", "5B", "7A", "10A", "11A", "13A", "14A", "15A", "22A", "9A", "16A", "17A")
FACTOR_WEIGHTS = np.array([9, 12, 3, 6, 16, 2, 2, 5, 3, 6, 5, 4, 5, 4, 1, 2, 2, 3, 1, 2, 2, 2, 3, 3, 2, 0, 1, 1], float)
EH_REASONS = ("Parenting support", "School attendance", "Domestic abuse", "Emotional wellbeing", "Behaviour",
              "Housing and finance", "Parental mental health", "Substance misuse")
EH_END = ("Outcomes achieved", "Family disengaged", "Moved out of area", "Stepped up to children's social care",
          "Transferred to universal services")
EH_ORGS = ("Family Hub North", "Family Hub South", "Family Hub Central", "School", "Health visiting", "Youth service")

CONTACTS_PER_REFERRAL_EXTRA = 0.95  # further contacts about referred children (advice, signposting, NFA)
CONTACT_ONLY_PER_10K = 520.0  # children whose contacts never become a referral, per year


def recorded(rng: np.random.Generator, world: World, date: np.ndarray) -> np.ndarray:
    """Entered the same day or the next working day, never after the extract end."""
    nxt = world.clock.add_wd(date, 1)
    rec = np.where(rng.random(date.size) < 0.75, date, nxt)
    return np.minimum(rec, world.end).astype(np.int32)


def contacts(world: World) -> tuple[Frame, dict]:
    """All contacts; also adds the children known only through contacts (and the rare death among them)."""
    rng = world.rng("contacts")
    ref = world.spine.ref
    people = world.people
    w0, end = world.window, world.end

    # Further contacts about referred children, in the window, while they are under 18.
    n_extra = int(CONTACTS_PER_REFERRAL_EXTRA * ref["pid"].size)
    pick = rng.integers(0, ref["pid"].size, n_extra)
    epid = ref["pid"][pick]
    lo = np.maximum(people.dob[epid].astype(np.int64) + 1, w0)
    hi = np.minimum(add_years(people.dob[epid], 18).astype(np.int64) - 1, end)
    ok = lo <= hi
    epid, lo, hi = epid[ok], lo[ok], hi[ok]
    edate = world.clock.settle(rng, (lo + rng.random(lo.size) * (hi - lo + 1)).astype(np.int32))
    edate = np.minimum(edate, hi).astype(np.int32)
    eout = rng.choice([OUTCOME.index("INFO"), OUTCOME.index("SIGN"), OUTCOME.index("NFA")], size=epid.size, p=[0.4, 0.3, 0.3])

    # Children known only through contacts, from a year before the window.
    years = (end - (w0 - 365)) / 365.25
    m = rng.poisson(CONTACT_ONLY_PER_10K * world.scale * years)
    first = np.sort(world.clock.sample_days(rng, m, w0 - 365, end))
    opid = people.add(rng, first, CONTACT_AGES, kind=2)
    second = rng.random(m) < 0.25
    b18 = add_years(people.dob[opid], 18).astype(np.int64)
    later = first.astype(np.int64) + rng.integers(20, 500, m)
    second &= (later <= end) & (later < b18)
    opid2 = np.concatenate([opid, opid[second]])
    odate = np.concatenate([first, world.clock.settle(rng, later[second].astype(np.int32))]).astype(np.int32)
    odate = np.minimum(odate, np.minimum(end, np.concatenate([b18, b18[second]]) - 1)).astype(np.int32)
    oout = rng.choice([OUTCOME.index(o) for o in ("EH", "INFO", "SIGN", "NFA")], size=opid2.size, p=[0.35, 0.25, 0.2, 0.2])

    # A rare death among children known only through contacts: after their last contact.
    last = np.zeros(people.n, np.int64)
    np.maximum.at(last, opid2, odate)
    had_eh = np.zeros(people.n, bool)
    had_eh[opid2[oout == OUTCOME.index("EH")]] = True
    dies = (rng.random(m) < 1 / 1500) & ~had_eh[opid]
    death = last[opid] + rng.integers(30, 700, m)
    dies &= death <= end
    world.people.death = np.full(people.n, NODATE, np.int64)
    world.people.death[opid[dies]] = death[dies]

    # One contact per child, day and source: further contacts never repeat a referral's contact.
    clash = np.isin(epid.astype(np.int64) * 100_000_000 + edate, ref["pid"].astype(np.int64) * 100_000_000 + ref["date"])
    epid, edate, eout = epid[~clash], edate[~clash], eout[~clash]
    first_of = np.unique(epid.astype(np.int64) * 100_000_000 + edate, return_index=True)[1]
    keep = np.zeros(epid.size, bool)
    keep[first_of] = True
    epid, edate, eout = epid[keep], edate[keep], eout[keep]
    pid = np.concatenate([ref["pid"], epid, opid2])
    date = np.concatenate([ref["date"], edate, odate]).astype(np.int32)
    outcome = np.concatenate([np.full(ref["pid"].size, OUTCOME.index("REF")), eout, oout]).astype(np.int16)
    source = np.concatenate([ref["source"], rng.choice(SOURCE_WEIGHTS.size, size=epid.size + opid2.size, p=SOURCE_WEIGHTS)])
    n = pid.size
    frame: Frame = {
        "cont_person_id": pid.astype(np.int64),
        "cont_contact_date": date,
        "cont_contact_source_code": source.astype(np.int16),
        "cont_contact_source_desc": txt(source, SOURCE_DESC),
        "cont_contact_outcome_json": txt(outcome, CONTACT_OUTCOME_JSON),
        "cont_contact_recorded_date": recorded(rng, world, date),
        "cont_contact_outcome": outcome,
        "cont_contact_team": txt(np.full(n, FRONT), TEAM_IDS),
    }
    eh = {"pid": pid[outcome == OUTCOME.index("EH")], "date": date[outcome == OUTCOME.index("EH")]}
    return frame, eh


def referrals(world: World) -> Frame:
    ref = world.spine.ref
    team, worker = team_and_worker(world.seg, world.alloc, ref["pid"], ref["date"].astype(np.int64))
    closed = ref["close"] <= world.end
    return {
        "cine_person_id": ref["pid"].astype(np.int64),
        "cine_referral_date": ref["date"],
        "cine_cin_primary_need_code": ref["need"],
        "cine_referral_source_code": ref["source"],
        "cine_referral_source_desc": txt(ref["source"], SOURCE_DESC),
        "cine_referral_outcome_json": txt(ref["outcome"], REFERRAL_OUTCOMES),
        "cine_referral_nfa": flag(ref["nfa"]),
        "cine_close_reason": np.where(closed, ref["reason"], -1).astype(np.int16),
        "cine_close_date": np.where(closed, ref["close"], NODATE).astype(np.int32),
        "cine_referral_team": txt(team, TEAM_IDS),
        "cine_referral_worker_id": worker,
    }


def assessments(world: World) -> tuple[Frame, Frame]:
    """Assessments and, for authorised ones, the factors identified."""
    rng = world.rng("assessments")
    asm = world.spine.asm
    end = world.end
    done = asm["auth"] <= end
    team, worker = team_and_worker(world.seg, world.alloc, asm["pid"], asm["start"].astype(np.int64))
    frame: Frame = {
        "cina_person_id": asm["pid"].astype(np.int64),
        "cina_referral_id": asm["ref"].astype(np.int64),
        "cina_assessment_start_date": asm["start"],
        "cina_assessment_child_seen": flag(asm["seen"]),
        "cina_assessment_auth_date": np.where(done, asm["auth"], NODATE).astype(np.int32),
        "cina_assessment_outcome_json": txt(np.where(done, asm["outcome"], -1), ASSESSMENT_OUTCOMES),
        "cina_assessment_outcome_nfa": flag(asm["not_in_need"], known=done),
        "cina_assessment_team": txt(team, TEAM_IDS),
        "cina_assessment_worker_id": worker,
        "cina_assessment_completed_date": np.where(asm["completed"] <= end, asm["completed"], NODATE).astype(np.int32),
    }
    # Factors: one to four codes for children in need; "21" (no factors) for half of those not in need.
    idx = np.flatnonzero(done)
    k = np.where(asm["not_in_need"][idx], 1, rng.choice([1, 2, 3, 4], size=idx.size, p=[0.3, 0.35, 0.25, 0.1]))
    p = FACTOR_WEIGHTS / FACTOR_WEIGHTS.sum()
    picks = rng.choice(len(FACTORS), size=(idx.size, 4), p=p)
    picks = np.sort(picks, axis=1)
    # Build "A,B" strings from a vocabulary of sorted unique combinations (no per-row Python formatting).
    mask = np.arange(4)[None, :] < k[:, None]
    combo_key = np.where(mask, picks + 1, 0)
    keys = combo_key @ (np.array([1, 32, 32**2, 32**3], dtype=np.int64))
    uniq, inv = np.unique(keys, return_inverse=True)
    vocab = []
    for key in uniq:  # one entry per distinct combination, not per record
        parts = sorted({int(key // 32**j % 32) - 1 for j in range(4)} - {-1})
        vocab.append(",".join(FACTORS[p_] for p_ in parts))
    none = asm["not_in_need"][idx] & (rng.random(idx.size) < 0.5)
    vocab.append("21")
    code = np.where(none, len(vocab) - 1, inv)
    factors: Frame = {"cinf_assessment_id": idx.astype(np.int64), "cinf_assessment_factors_json": txt(code, vocab)}
    return frame, factors


def early_help(world: World, eh: dict) -> Frame:
    """Early help after an EH contact, or after a case closed with a step-down to early help (RC9)."""
    rng = world.rng("early_help")
    ref = world.spine.ref
    end = world.end
    rc9 = ref["reason"] == CODE_LISTS_CLOSE_RC9
    closed = ref["close"] <= end
    src_pid = np.concatenate([eh["pid"], ref["pid"][rc9 & closed]])
    start = np.concatenate([eh["date"].astype(np.int64) + rng.integers(0, 15, eh["pid"].size),
                            ref["close"][rc9 & closed].astype(np.int64) + rng.integers(0, 11, (rc9 & closed).sum())])
    stop = start + rng.integers(60, 320, start.size)
    b18 = add_years(world.people.dob[src_pid], 18).astype(np.int64)
    stop = np.minimum(stop, b18 - 1)
    # The next referral of the same child after the episode starts ends it (stepped up).
    order = np.lexsort((ref["date"], ref["pid"]))
    keys = ref["pid"][order].astype(np.int64) * 100_000_000 + ref["date"][order]
    pos = np.searchsorted(keys, src_pid.astype(np.int64) * 100_000_000 + start, side="right")
    nxt = np.full(start.size, NODATE, np.int64)
    has = pos < keys.size
    cand = order[np.minimum(pos, keys.size - 1)]
    has &= ref["pid"][cand] == src_pid
    nxt[has] = ref["date"][cand][has]
    stepped = nxt <= stop
    stop = np.where(stepped, nxt - 1, stop)
    keep = (start <= end) & (stop >= start)
    src_pid, start, stop, stepped = src_pid[keep], start[keep], stop[keep], stepped[keep]
    n = src_pid.size
    ended = stop <= end
    end_reason = np.where(stepped, EH_END.index("Stepped up to children's social care"),
                          rng.choice([0, 1, 2, 4], size=n, p=[0.55, 0.2, 0.1, 0.15]))
    return {
        "earl_person_id": src_pid.astype(np.int64),
        "earl_episode_start_date": start.astype(np.int32),
        "earl_episode_end_date": np.where(ended, stop, NODATE).astype(np.int32),
        "earl_episode_reason": txt(rng.integers(0, len(EH_REASONS), n), EH_REASONS),
        "earl_episode_end_reason": txt(np.where(ended, end_reason, -1), EH_END),
        "earl_episode_organisation": txt(rng.integers(0, len(EH_ORGS), n), EH_ORGS),
        "earl_episode_worker_id": txt(rng.integers(0, 40, n), [f"EH{i:04d}" for i in range(1, 41)]),
    }


CODE_LISTS_CLOSE_RC9 = tuple(CODE_LISTS["reason_for_closure"]).index("RC9")
