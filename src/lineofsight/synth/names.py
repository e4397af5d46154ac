"""Fictional names, identifiers and the uniqueness that keeps a clean authority free of look-alike people.

Surnames are made from invented parts so that no real family is named. In a clean authority no two
children born on the same day have look-alike forenames and surnames, and every UPN is unique, so a
duplicate-person check finds only the duplicates the generator injected.
"""

from __future__ import annotations

from functools import lru_cache

import duckdb
import numpy as np

FORENAMES_F = (
    "Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace", "Willow",
    "Freya", "Florence", "Emily", "Ella", "Poppy", "Evie", "Elsie", "Charlotte", "Aisha", "Fatima", "Maryam",
    "Zara", "Hafsa", "Amira", "Layla", "Inaya", "Khadija", "Aaliyah", "Priya", "Anaya", "Simran", "Chloe",
    "Jessica", "Ruby", "Daisy", "Phoebe", "Eliza", "Matilda", "Nia", "Imani", "Abena", "Chioma", "Precious",
    "Maja", "Zuzanna", "Alicja", "Ioana", "Bianca", "Mei", "Leah", "Hannah", "Sienna", "Harper", "Esme",
    "Erin", "Megan", "Niamh", "Sofia",
)
FORENAMES_M = (
    "Muhammad", "Noah", "Oliver", "George", "Leo", "Arthur", "Oscar", "Harry", "Jack", "Charlie", "Theo",
    "Freddie", "Alfie", "Henry", "Jacob", "Thomas", "Joshua", "Ethan", "Isaac", "Lucas", "Ibrahim", "Yusuf",
    "Ali", "Hamza", "Zayn", "Adam", "Omar", "Bilal", "Ayaan", "Rayan", "Arjun", "Rohan", "Aarav", "Kian",
    "Tyler", "Kai", "Mason", "Logan", "Riley", "Dylan", "Kwame", "Kofi", "Emeka", "Tobi", "David", "Samuel",
    "Jakub", "Szymon", "Andrei", "Luca", "Wei", "Daniel", "Callum", "Connor", "Jayden", "Reggie", "Finley",
    "Ronnie", "Elijah", "Caleb",
)
SURNAME_HEADS = (
    "Ash", "Brook", "Cole", "Dun", "Eld", "Fair", "Green", "Hart", "Ing", "Jar", "Kings", "Lang", "Mill", "North",
    "Oak", "Pen", "Quin", "Rad", "Stan", "Thorn", "Up", "Vin", "Wal", "Yar", "Ald", "Bel", "Cray", "Dal", "Ever",
    "Fox", "Gold", "Hol", "Iver", "Kem", "Lock", "Mar", "New", "Orm", "Pem", "Ray", "Shaw", "Tre", "Wick", "Bram",
    "Crom", "Drax", "Elm", "Fern", "Gar", "Heath",
)
SURNAME_TAILS = ("ford", "ley", "ton", "well", "wood", "field", "worth", "by", "ham", "more", "son", "ridge", "combe",
                 "hurst", "stead", "low", "bury", "wick", "dale", "mere")
SURNAMES = tuple(h + t for h in SURNAME_HEADS for t in SURNAME_TAILS)
FORENAMES = FORENAMES_F + FORENAMES_M


SIMILAR = 0.88
"""Jaro-Winkler similarity at or above which two names count as look-alikes (duplicate checks use about 0.9)."""


@lru_cache(maxsize=1)
def _similar(names: tuple[str, ...]) -> np.ndarray:
    """Boolean matrix: names[i] and names[j] look alike (computed once, by DuckDB's own Jaro-Winkler)."""
    con = duckdb.connect()
    con.register("names_data", {"i": np.arange(len(names)), "name": np.array(names, dtype=object)})
    rows = con.execute(
        "SELECT a.i AS a, b.i AS b FROM names_data a, names_data b "
        f"WHERE jaro_winkler_similarity(lower(a.name), lower(b.name)) >= {SIMILAR}"
    ).fetchnumpy()
    con.close()
    out = np.zeros((len(names), len(names)), bool)
    out[rows["a"], rows["b"]] = True
    return out


def unique_names(rng: np.random.Generator, sex: np.ndarray, dob: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Forename (FORENAMES index) and surname (SURNAMES index) per child, such that no two children born
    the same day have look-alike forenames and look-alike surnames at once."""
    n = sex.size
    female = sex == 1
    nf = len(FORENAMES_F)
    sim_f, sim_s = _similar(FORENAMES), _similar(SURNAMES)
    fore = np.where(female, rng.integers(0, nf, n), nf + rng.integers(0, len(FORENAMES_M), n))
    sur = rng.integers(0, len(SURNAMES), n)
    order = np.argsort(dob, kind="stable")
    sd = dob[order]
    for _ in range(500):
        f, s = fore[order], sur[order]
        clash = np.zeros(n, bool)
        k = 1
        while k < n:
            same = sd[k:] == sd[:-k]
            if not same.any():
                break
            c = same & sim_f[f[k:], f[:-k]] & sim_s[s[k:], s[:-k]]
            clash[order[k:][c]] = True
            k += 1
        if not clash.any():
            return fore, sur
        m = clash.sum()
        fore[clash] = np.where(female[clash], rng.integers(0, nf, m), nf + rng.integers(0, len(FORENAMES_M), m))
        sur[clash] = rng.integers(0, len(SURNAMES), m)
    raise RuntimeError("could not give distinct names to children born on the same day")


# A near-identical spelling of each forename: drop the last letter, or double it for short names
# (Amelia -> Ameli, Ava -> Avaa): Jaro-Winkler 0.94 or more against the original.
NEAR_FORENAMES = tuple(f[:-1] if len(f) > 4 else f + f[-1] for f in FORENAMES)


UPN_CHECK_LETTERS = np.array(list("ABCDEFGHJKLMNPQRTUVWXYZ"))


def upn(idx: np.ndarray, la_code: str) -> np.ndarray:
    """A unique pupil number per child: check letter, the LA number and a nine-digit serial (unique).

    The check letter is the DfE's (UPN guide: characters 2-13 weighted 2-13, sum mod 23 indexes
    ABCDEFGHJKLMNPQRTUVWXYZ), so the CIN census validator (rule 1510) accepts it.
    """
    serial = (idx.astype(np.int64) * 7919 + 12345) % 1_000_000_000
    la = np.int64(int(la_code))
    total = sum(((la // 10 ** (2 - i)) % 10) * (i + 2) for i in range(3))
    total = total + sum(((serial // 10 ** (8 - i)) % 10) * (i + 5) for i in range(9))
    letter = UPN_CHECK_LETTERS[total % 23]
    return np.char.add(np.char.add(letter, la_code), np.char.zfill(serial.astype(str), 9)).astype(object)
