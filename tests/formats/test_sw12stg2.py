"""Why the referee tests allow 903 rule SW12STG2 on a child who came back into care: evidence, not a guess.

A hand-built return (one child per way of reporting the social worker episodes) goes through the pinned
csc-validator-be-903, all rules, with the rules of 2023-24, 2024-25 and 2025-26 (lac2025_26 inherits
lac2024_25's SW12STG2). The child left care on 8 September (the last episode of that period a placement
change, RNE P) and came back on 18 December (RNE S, open at 31 March).

SW12STG2 pairs each episode that ends or starts care with every social worker episode of the child: each
must start on or before that care ended, or on or after it began (for an RNE S episode). Rule 365, run
before it, fills the open episodes' DEC with 31 March in the validator's shared data (a shallow copy), so
in a full run the open episode always passes and the rule fires exactly when a social worker episode
starts after the child left care from an episode that did not start it. Hence it fires when the return
holds both periods' workers, only the later period's, or also the months out of care (DfE's wording asks
for "all social worker episodes for the full previous year ... even those whilst they were not looked
after"), and passes only for a return that leaves out the current worker (which DfE's wording and
SW17STG2 forbid) or for a child who kept one worker throughout (one episode spanning both periods, true
only when the worker did stay). The same child without the re-entry passes, and so does a re-entry whose
earlier period was a single episode (RNE S).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from formats import validators

pytestmark = pytest.mark.slow

# child: (episodes as (DECOM, RNE, DEC, REC), social worker episodes as (SW_DECOM, SW_DEC)), dates in 2024-25.
LEFT, BACK = "08/09/2024", "18/12/2024"
TWO_PERIODS = [("01/02/2024", "S", "01/06/2024", "X1"), ("01/06/2024", "P", LEFT, "E4A"), (BACK, "S", None, None)]
SW_EARLIER, SW_LATER = ("01/02/2024", LEFT), (BACK, None)
CASES: dict[str, tuple[list, list]] = {
    "1": (TWO_PERIODS, [SW_EARLIER, SW_LATER]),                        # both periods' workers: fires
    "2": (TWO_PERIODS, [SW_EARLIER]),                                  # current worker left out: passes
    "3": (TWO_PERIODS, [SW_LATER]),                                    # only the later period's: fires
    "4": (TWO_PERIODS, [("01/02/2024", None)]),                        # one worker throughout: passes
    "5": (TWO_PERIODS, [SW_EARLIER, ("09/09/2024", BACK), SW_LATER]),  # and the months out of care: fires
    "6": (TWO_PERIODS[:2], [SW_EARLIER]),                              # no re-entry: passes
    "7": ([("01/02/2024", "S", LEFT, "E4A"), (BACK, "S", None, None)], [SW_EARLIER, SW_LATER]),  # passes
}
FIRES = {"1", "3", "5"}


def _shift(date: str | None, years: int) -> str | None:
    if date is None:
        return None
    d = dt.datetime.strptime(date, "%d/%m/%Y").date()
    return d.replace(year=d.year + years).strftime("%d/%m/%Y")


def _write(rows: list[dict], path: Path) -> None:
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def write_return(folder: Path, year: int) -> None:
    """The cases as a 903 return for the year ending 31 March `year` (dates moved by whole years)."""
    folder.mkdir()
    k = year - 2025
    dob = "01/01/2011"
    _write([{"CHILD": c, "SEX": "M" if year >= 2025 else "1", "DOB": dob, "ETHNIC": "WBRI", "UPN": "UN1",
             "MOTHER": "", "MC_DOB": ""} for c in CASES], folder / "header.csv")
    _write([{"CHILD": c, "DECOM": _shift(s, k), "RNE": rne, "LS": "C2", "CIN": "N1", "PLACE": "U4",
             "PLACE_PROVIDER": "PR1", "DEC": _shift(e, k), "REC": rec, "REASON_PLACE_CHANGE": "",
             "HOME_POST": "CV1 2AA", "PL_POST": "CV1 3AA", "URN": "SC999001"}
            for c, (eps, _) in CASES.items() for s, rne, e, rec in eps], folder / "episodes.csv")
    _write([{"CHILD": c, "DOB": dob, "SW_ID": f"SW{i}", "SW_DECOM": _shift(s, k), "SW_DEC": _shift(e, k),
             "SW_REASON": "FCONTA" if i == 0 else "MANAGE"}
            for c, (_, sws) in CASES.items() for i, (s, e) in enumerate(sws)], folder / "social_worker.csv")


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_sw12stg2_fires_for_every_way_of_reporting_a_re_entry(referee_python, tmp_path, year):
    write_return(tmp_path / "903", year)
    verdict = validators.validate_903(tmp_path / "903", year, "E08000026")
    flagged = {c for e in verdict.errors if e.rule == "SW12STG2" for c in e.children}
    assert flagged == FIRES
