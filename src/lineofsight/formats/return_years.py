"""What changes from one collection year to the next in the returns, declared as data.

A council submits every year against that year's rules, so an export is written for one collection
year (the year ending 31 March YEAR) and uses that year's code lists and layout. Codes valid only
for some years are in return_codes.csv (first and last collection year, successor if DfE named
one); a retired code is mapped to its successor or, having none, reported and left blank, never
written. Layout changes are in LAYOUT below. Sources: DfE's SSDA903 and CIN census guides and
validation rules for each year, as Data to Insight's validators code them (csc-validator-be-903
0.1.17, rulesets lac2022_23 to lac2026_27; csc-validator-be-cin 0.1.13, cin2022_23 to cin2026_27),
which are the referees the returns are tested against.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

# The collection years (ending 31 March) whose rules are declared here: DfE has published the
# 2026-27 SSDA903 (the validator's lac2026_27 adds the deprivation of liberty order file) and CIN census.
FIRST_YEAR, LAST_YEAR = 2014, 2027

# Layout changes by the first collection year they apply to (validator rule in brackets).
LAYOUT: dict[str, tuple[int, str]] = {
    "sex_letters": (2025, "SEX as M/F/U instead of 1/2 (903 and CIN census, 2024-25 guides)"),
    "last_sw_episode_open": (2026, "the latest social worker episode of each child is open at 31 March (SW17STG2, "
                                   "new in lac2025_26); an episode that ended with care is written without SW_DEC"),
    "urn_x_adoption_fostering_only": (2026, "URN XXXXXXX only for placements A3-A6 and U1-U6 (242, new in "
                                            "lac2025_26); any other placement needs the provider's Ofsted URN"),
    "unregistered_as_other": (2026, "a children's home not registered with Ofsted (no URN) is returned under an "
                                    "'other placement' code (UNREGISTERED_PLACE), with no URN and no PLACE_PROVIDER "
                                    "(146, 178, 213, 218, 222, 242, 526 and 503D in lac2025_26)"),
    "dolo_file": (2027, "DoLo file: deprivation of liberty orders (rules 700-710, lac2026_27); the SSD holds none, "
                        "so it is not written"),
}
URN_X_PLACEMENTS = ("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6")
# From 2025-26, the code an unregistered setting (held as its kind, flagged unregistered, no URN) is written
# as. Z1 ('other placements') split into Z11-Z14 that year (503D lets last year's Z1 become any of them);
# the four take no URN and no provider. Which of them is an unregistered children's home is not in the
# validator: its 2026-27 rule 709 expects a child under a deprivation of liberty order in K2, Z12 or Z13,
# so Z12 and Z13 are care settings other than a registered home. Z12 is written, to be confirmed against
# DfE's 2025-26 SSDA903 guide (docs/formats.md). Unregistered supported accommodation (H5/K3) has no
# mapping: it is reported and its URN left blank.
UNREGISTERED_PLACE: dict[str, str] = {"K2": "Z12"}
# Placements that take no PLACE_PROVIDER (178, 213, 526 in lac2025_26).
NO_PROVIDER_PLACEMENTS = ("T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14")


class YearNotDeclared(ValueError):
    """No rules are declared for that collection year."""


@dataclass(frozen=True)
class CodeSpan:
    ret: str
    field: str
    code: str
    first_year: int | None
    last_year: int | None
    successor: str | None
    source: str

    def valid_in(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (self.last_year is None or year <= self.last_year)


@cache
def code_spans() -> tuple[CodeSpan, ...]:
    text = resources.files("lineofsight.formats").joinpath("return_codes.csv").read_text("utf-8")
    return tuple(
        CodeSpan(r["return"], r["field"], r["code"], int(r["first_year"]) if r["first_year"] else None,
                 int(r["last_year"]) if r["last_year"] else None, r["successor"] or None, r["source"])
        for r in csv.DictReader(io.StringIO(text)))


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise YearNotDeclared(f"no DfE rules are declared for the collection year {year - 1}-{str(year)[2:]} "
                              f"(declared: {FIRST_YEAR - 1}-{str(FIRST_YEAR)[2:]} to {LAST_YEAR - 1}-{str(LAST_YEAR)[2:]}; "
                              "see formats/return_years.py)")


def applies(change: str, year: int) -> bool:
    """Whether a layout change in LAYOUT applies to the collection year ending March `year`."""
    return year >= LAYOUT[change][0]


def not_valid(ret: str, field: str, year: int) -> list[CodeSpan]:
    """Codes of `field` that may not be written for `year` (retired, or not yet introduced)."""
    return [s for s in code_spans() if s.ret == ret and s.field == field and not s.valid_in(year)]


def code_sql(ret: str, field: str, year: int, expr: str) -> str:
    """SQL giving `expr` as it may be written for `year`: a retired code becomes its successor
    (when its successor is valid that year), any other code not valid that year becomes NULL."""
    whens = []
    for s in not_valid(ret, field, year):
        succ = next((t for t in code_spans() if t.ret == ret and t.field == field and t.code == s.successor), None)
        value = f"'{s.successor}'" if succ is not None and succ.valid_in(year) else "NULL"
        whens.append(f"WHEN '{s.code}' THEN {value}")
    return f"CASE {expr} {' '.join(whens)} ELSE {expr} END" if whens else expr
