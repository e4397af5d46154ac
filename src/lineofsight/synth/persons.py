"""ssd_person, ssd_disability and ssd_mother from the simulated children."""

from __future__ import annotations

import numpy as np

from lineofsight.synth.dates import NODATE, add_years
from lineofsight.synth.frame import Frame, flag, txt
from lineofsight.synth.names import FORENAMES, SURNAMES, unique_names, upn
from lineofsight.synth.population import DISABILITY, DISABILITY_WEIGHTS
from lineofsight.synth.postcodes import CITY
from lineofsight.synth.world import World

GENDER = ("Male", "Female", "Not known")
NATIONALITY = ("British", "Afghan", "Eritrean", "Sudanese", "Iranian", "Iraqi", "Albanian", "Vietnamese", "Syrian",
               "Polish", "Romanian", "Pakistani", "Nigerian", "Somali", "Irish", "Indian")
UPN_UNKNOWN = ("UN1", "UN2", "UN3", "UN4", "UN5")
POSTCODES = CITY  # real postcode units in the city (postcodes.py); address lines stay fictional


def mothers(world: World, person: Frame) -> Frame:
    """The first child of each young mother, born when she was 15 or older and on or before the extract end.

    The SSDA903 header reports the mother's child's date of birth (DfE rules 611, 621, 625). Its own random
    stream, so the other tables are unchanged by it."""
    rng = world.rng("mothers")
    who = np.flatnonzero(person["pers_is_mother"] == 1)
    lo = add_years(person["pers_dob"][who].astype(np.int64), 15)
    hi = np.minimum(world.end, person["pers_death_date"][who].astype(np.int64))  # never after her death
    who, lo, hi = who[hi >= lo], lo[hi >= lo], hi[hi >= lo]
    span = hi - lo
    return {
        "moth_person_id": who.astype(np.int64),
        "moth_childs_person_id": txt(np.full(who.size, -1), ("",)),
        "moth_childs_dob": (lo + (rng.random(who.size) * (span + 1)).astype(np.int64)).astype(np.int32),
    }


def nhs_numbers(idx: np.ndarray) -> np.ndarray:
    """NHS numbers from the range NHS England keeps for testing (999 000 0000 upwards), so none is a real
    child's, with a valid modulus 11 check digit; the few stems whose check digit would be 10 stay empty."""
    stem = 999_000_000 + idx.astype(np.int64) % 1_000_000
    digits = (stem[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    check = (11 - (digits * np.arange(10, 1, -1)).sum(axis=1) % 11) % 11
    out = (stem * 10 + check).astype(str).astype(object)
    out[check == 10] = None
    return out


def person_frames(world: World, la_code: str) -> tuple[Frame, Frame]:
    rng = world.rng("persons")
    p = world.people
    n = p.n
    end = world.end
    idx = np.arange(n)
    fore, sur = unique_names(rng, p.sex, p.dob)
    age_end = (end - p.dob.astype(np.int64)) / 365.25
    school_age = age_end >= 5
    known = np.where(school_age, rng.random(n) < 0.93, rng.random(n) < 0.25) & ~p.uasc
    upns = upn(idx, la_code)
    upns[~known] = None
    unknown = np.where(known, -1, np.where(school_age, UPN_UNKNOWN.index("UN5"), UPN_UNKNOWN.index("UN2")))
    nat = np.where(rng.random(n) < 0.9, 0, rng.integers(9, len(NATIONALITY), n))
    nat = np.where(p.uasc, rng.integers(1, 9, n), nat)
    legacy = np.char.add("L", np.char.zfill(((idx * 104729 + 7) % 100_000_000).astype(str), 8)).astype(object)
    mother = (p.sex == 1) & (age_end >= 16) & (rng.random(n) < 0.03)
    death = getattr(p, "death", np.full(n, NODATE))
    person: Frame = {
        "pers_legacy_id": legacy,
        "pers_sex": p.sex.astype(np.int16),
        "pers_gender": txt(p.sex, GENDER),
        "pers_ethnicity": p.eth.astype(np.int16),
        "pers_dob": p.dob.astype(np.int32),
        "pers_single_unique_id": nhs_numbers(idx),
        "pers_upn": upns,
        "pers_upn_unknown": txt(unknown, UPN_UNKNOWN),
        "pers_send_flag": txt(np.where(rng.random(n) < 0.14, 0, 1), ("Y", "N")),
        "pers_expected_dob": np.full(n, NODATE, np.int32),
        "pers_death_date": np.where(death <= end, death, NODATE).astype(np.int32),
        "pers_is_mother": flag(mother),
        "pers_nationality": txt(nat, NATIONALITY),
        "pers_forename": txt(fore, FORENAMES),
        "pers_surname": txt(sur, SURNAMES),
    }
    # Disabilities: one or two codes for disabled children; an explicit NONE for some others referred.
    dis = np.flatnonzero(p.disabled)
    two = rng.random(dis.size) < 0.3
    first = rng.choice(len(DISABILITY), size=dis.size, p=DISABILITY_WEIGHTS)
    second = (first + 1 + rng.integers(0, len(DISABILITY) - 2, dis.size)) % len(DISABILITY)
    second = np.where(second == DISABILITY.index("NONE"), (second + 1) % len(DISABILITY), second)
    second = np.where(second == first, (second + 1) % len(DISABILITY), second)
    two &= second != DISABILITY.index("NONE")
    none = np.flatnonzero(~p.disabled & (p.kind == 0) & (rng.random(n) < 0.3))
    pid = np.concatenate([dis, dis[two], none])
    code = np.concatenate([first, second[two], np.full(none.size, DISABILITY.index("NONE"))])
    order = np.lexsort((code, pid))
    disability: Frame = {"disa_person_id": pid[order].astype(np.int64), "disa_disability_code": code[order].astype(np.int16)}
    return person, disability


ADDRESS_TYPES = ("Home",)


def addresses(world: World, first_seen: np.ndarray) -> Frame:
    """Each child's home address from birth, and for some a move before or after first contact."""
    rng = world.rng("addresses")
    p = world.people
    n = p.n
    dob = p.dob.astype(np.int64)
    first_seen = np.minimum(first_seen, world.end)
    moved = rng.random(n) < 0.35
    move = first_seen + rng.integers(-900, 900, n)
    death = getattr(p, "death", np.full(n, NODATE))
    moved &= (move > dob + 30) & (move <= np.minimum(world.end, death))
    pid = np.r_[np.arange(n), np.flatnonzero(moved)]
    start = np.r_[dob, move[moved]]
    stop = np.r_[np.where(moved, move, NODATE), np.full(moved.sum(), NODATE)]
    order = np.lexsort((start, pid))
    pid, start, stop = pid[order], start[order], stop[order]
    code = 2 * rng.integers(0, len(POSTCODES) // 2, pid.size)  # even: placements use the odd ones (care.py)
    json = tuple(f'{{"postcode": "{pc}", "town": "Hartmoor"}}' for pc in POSTCODES)
    return {
        "addr_person_id": pid.astype(np.int64),
        "addr_address_type": txt(np.zeros(pid.size, np.int32), ADDRESS_TYPES),
        "addr_address_start_date": start.astype(np.int32),
        "addr_address_end_date": stop.astype(np.int32),
        "addr_address_postcode": txt(code, POSTCODES),
        "addr_address_json": txt(code, json),
    }
