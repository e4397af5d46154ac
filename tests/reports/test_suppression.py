"""Suppression: hand-worked examples of primary and secondary suppression, and properties that an
attacker with the published table cannot recover a hidden figure by subtraction, and that no count
from 1 to 5 is ever shown."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lineofsight.reports.published import decide
from lineofsight.reports.suppression import (
    SUPPRESSED,
    Relation,
    needs_primary,
    protect,
    suppress_breakdown,
    suppress_cells,
    suppress_count,
    suppress_figure,
    suppress_series,
)

C = SUPPRESSED


def share(num: int, den: int, key: str = "", dimension: str = "team") -> dict:
    return {"dimension": dimension, "key": key, "numerator": num, "denominator": den,
            "value": 100.0 * num / den if den else None}


def count(n: int, key: str = "", dimension: str = "team") -> dict:
    return {"dimension": dimension, "key": key, "numerator": n, "denominator": None, "value": float(n)}


def total_of(cells: list[dict]) -> dict:
    num = sum(c["numerator"] for c in cells)
    dens = [c["denominator"] for c in cells]
    den = None if any(d is None for d in dens) else sum(dens)
    return {"key": "total", "numerator": num, "denominator": den,
            "value": (100.0 * num / den if den else None) if den is not None else float(num)}


# ---------------------------------------------------------------- primary suppression, worked by hand

def test_counts_one_to_five_are_c_and_zero_is_shown():
    assert [suppress_count(n) for n in (0, 1, 2, 3, 4, 5, 6, 120, None)] == [0, C, C, C, C, C, 6, 120, None]


def test_a_percentage_is_c_when_its_numerator_or_denominator_is_one_to_five():
    assert suppress_figure(share(3, 40))["value"] == C  # numerator 3
    assert suppress_figure(share(0, 4))["value"] == C  # denominator 4: 0% of 4 children is still "c"
    hidden = suppress_figure(share(40, 44))
    assert hidden["numerator"] == 40 and hidden["suppressed"] is None  # 4 not meeting it is not published
    shown = suppress_figure(share(6, 6))
    assert shown == {**share(6, 6), "suppressed": None}
    assert suppress_figure(share(0, 0))["suppressed"] is None  # nothing to hide in an empty figure


def test_a_rate_per_10000_is_c_when_its_count_is_small_though_the_population_is_large():
    rate = {"numerator": 4, "denominator": 51_000, "value": 10000 * 4 / 51_000}
    assert suppress_figure(rate) == {"numerator": C, "denominator": C, "value": C, "suppressed": "primary"}
    assert suppress_figure({**rate, "numerator": 6, "value": 1.2})["value"] == 1.2


def test_an_average_is_c_when_it_averages_one_to_five_records():
    mean = {"numerator": None, "denominator": 5, "value": 212.4}
    assert suppress_figure(mean)["value"] == C
    assert suppress_figure({**mean, "denominator": 9})["value"] == 212.4


def test_booleans_and_missing_values_are_not_counts():
    assert not needs_primary({"numerator": True, "denominator": None})
    assert not needs_primary({"numerator": None, "denominator": None, "value": 3.0})


# ---------------------------------------------------------------- secondary suppression, worked by hand

def test_one_hidden_team_takes_the_next_smallest_team_with_it():
    # Total 30 of 100. T1 (3 of 20) is hidden; without more, 30 - 12 - 15 = 3 would give it away.
    cells = [share(3, 20, "T1"), share(12, 30, "T2"), share(15, 50, "T3")]
    total, out = suppress_breakdown(total_of(cells), cells)
    assert [c["suppressed"] for c in out] == ["primary", "secondary", None]
    assert out[1]["numerator"] == C and out[1]["value"] == C
    assert out[2] == {**cells[2], "suppressed": None}
    assert total["numerator"] == 30 and total["suppressed"] is None  # subtraction now gives 15 = T1 + T2 only


def test_a_zero_count_is_not_chosen_while_a_non_zero_cell_can_be():
    cells = [count(3, "T1"), count(0, "T2"), count(9, "T3"), count(20, "T4")]
    total, out = suppress_breakdown(total_of(cells), cells)
    assert [c["numerator"] for c in out] == [C, 0, C, 20]
    assert total["numerator"] == 32


def test_two_hidden_cells_need_no_secondary():
    cells = [share(2, 9, "A"), share(5, 30, "B"), share(40, 80, "C")]
    total, out = suppress_breakdown(total_of(cells), cells)
    assert [c["suppressed"] for c in out] == ["primary", "primary", None]


def test_each_breakdown_of_the_same_total_is_protected_on_its_own():
    team = [share(4, 10, "T1", "team"), share(20, 40, "T2", "team"), share(26, 50, "T3", "team")]
    sex = [share(25, 45, "Female", "sex"), share(25, 55, "Male", "sex")]
    total, out = suppress_breakdown(total_of(team), team + sex)
    assert [c["suppressed"] for c in out] == ["primary", "secondary", None, None, None]
    assert total["suppressed"] is None


def test_a_breakdown_with_a_single_cell_hides_the_total_too():
    cells = [share(3, 7, "T1")]
    total, out = suppress_breakdown(total_of(cells), cells)
    assert out[0]["value"] == C and total["value"] == C


def test_when_only_the_total_could_protect_a_cell_the_total_is_hidden():
    figures = [share(10, 40, "total"), share(3, 12, "T1")]
    assert protect(figures, [Relation((1,), 0)]) == {1: "primary", 0: "secondary"}


def test_a_hidden_month_of_a_year_is_protected_from_the_years_total():
    months = [count(n, f"m{i}") for i, n in enumerate([8, 9, 2, 11, 10, 12, 9, 7, 8, 10, 13, 6])]
    year = total_of(months)
    out, total = suppress_series(months, year, summed=range(12))
    hidden = [i for i, p in enumerate(out) if p["value"] == C]
    assert hidden == [2, 11]  # month 2 (2 starts) and the next-smallest, month 11 (6 starts)
    assert total["numerator"] == 105
    # Without the published year total nothing needs a second cell.
    alone, _ = suppress_series(months)
    assert [i for i, p in enumerate(alone) if p["value"] == C] == [2]


def test_a_relation_that_cannot_be_protected_is_refused():
    import pytest

    with pytest.raises(ValueError, match="one member"):
        protect([count(3)], [Relation((0,), None)])


def test_cells_without_a_total_get_primary_suppression_only():
    out, total = suppress_cells([count(3), count(10), count(12)])
    assert [c["numerator"] for c in out] == [C, 10, 12] and total is None
    out, total = suppress_cells([count(3), count(10), count(12)], count(25))
    assert [c["numerator"] for c in out] == [C, C, 12] and total["numerator"] == 25


# ---------------------------------------------------------------- properties

def _known(v: object) -> bool:
    return v is not None and v != C


def attacker(total: dict, cells: list[dict], truth_total: dict, truth: list[dict]) -> list[tuple[int, str, float]]:
    """What someone holding the published table can work out: for each breakdown (cells sharing a
    dimension add up to the total), solve any relation with exactly one unknown, substitute, repeat;
    and where the unknown cells' sum is 0 each of them must be 0. Returns (index, field, value) for
    every hidden figure recovered, index -1 for the total."""
    recovered: list[tuple[int, str, float]] = []
    for field in ("numerator", "denominator"):
        if truth_total[field] is None:
            continue
        values = {-1: total[field], **{i: c[field] for i, c in enumerate(cells)}}
        groups: dict[str, list[int]] = {}
        for i, c in enumerate(cells):
            groups.setdefault(c["dimension"], []).append(i)
        progress = True
        while progress:
            progress = False
            for members in groups.values():
                unknown = [i for i in [-1, *members] if not _known(values[i])]
                if len(unknown) == 1:
                    (u,) = unknown
                    known_cells = sum(values[i] for i in members if i != u)
                    values[u] = known_cells if u == -1 else values[-1] - known_cells
                    recovered.append((u, field, values[u]))
                    progress = True
                elif unknown and -1 not in unknown and values[-1] - sum(
                        values[i] for i in members if _known(values[i])) == 0:
                    for u in unknown:
                        values[u] = 0
                        recovered.append((u, field, 0))
                    progress = True
    return recovered


cell_counts = st.one_of(st.integers(0, 8), st.integers(0, 60))


@st.composite
def breakdowns(draw):
    """One total broken down by one to three dimensions, each into 1-6 cells that add up to it."""
    n_records = draw(st.integers(1, 150))
    n_in = draw(st.integers(0, n_records))
    kind = draw(st.sampled_from(["share", "count"]))
    cells = []
    for dim in draw(st.lists(st.sampled_from(["team", "sex", "age"]), min_size=1, max_size=3, unique=True)):
        k = draw(st.integers(1, 6))
        # split the records and the numerator among k cells (a cell's numerator <= its denominator)
        dens = _split(draw, n_records, k)
        nums = []
        left = n_in
        for j, d in enumerate(dens):
            rest = sum(dens[j + 1:])
            lo = max(0, left - rest)
            n = left if j == k - 1 else draw(st.integers(lo, min(d, left)))
            nums.append(n)
            left -= n
        for j, (n, d) in enumerate(zip(nums, dens, strict=True)):
            cells.append(share(n, d, f"{dim}{j}", dim) if kind == "share" else count(n, f"{dim}{j}", dim))
    total = share(n_in, n_records, "total") if kind == "share" else count(n_in, "total")
    return total, cells


def _split(draw, n: int, k: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=k - 1, max_size=k - 1)))
    edges = [0, *cuts, n]
    return [b - a for a, b in zip(edges, edges[1:], strict=False)]


@settings(max_examples=400, deadline=None)
@given(breakdowns())
def test_no_count_from_one_to_five_is_ever_shown(data):
    total, cells = data
    new_total, new_cells = suppress_breakdown(total, cells)
    for fig in [new_total, *new_cells]:
        for field in ("numerator", "denominator"):
            assert fig[field] == C or fig[field] is None or not 1 <= fig[field] <= 5, fig
        if fig["suppressed"]:
            assert fig["value"] == C


@settings(max_examples=400, deadline=None)
@given(breakdowns())
def test_no_hidden_figure_can_be_recovered_by_subtraction_unless_it_is_zero(data):
    total, cells = data
    new_total, new_cells = suppress_breakdown(total, cells)
    truth = {-1: total, **dict(enumerate(cells))}
    for index, field, value in attacker(new_total, new_cells, total, cells):
        assert value == truth[index][field]  # the attacker is sound...
        assert value == 0, (index, field, value)  # ...and learns nothing but a zero


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=12, max_size=24))
def test_a_year_of_months_never_gives_a_hidden_month_away(values):
    months = [count(v, f"m{i}") for i, v in enumerate(values)]
    last12 = range(len(months) - 12, len(months))
    year = total_of([months[i] for i in last12])
    out, total = suppress_series(months, year, summed=last12)
    unknown = [i for i in last12 if out[i]["value"] == C] + ([-1] if total["value"] == C else [])
    assert len(unknown) != 1
    assert all(p["value"] == C or not 1 <= p["value"] <= 5 for p in out)


# ---------------------------------------------------------------- one measure's figures together (scrutiny pack)

def _months(values: list[int], den: int | None = None) -> list[dict]:
    return [{"period_end": f"2025-{i + 1:02d}-28", "numerator": v, "denominator": den,
             "value": float(v) if den is None else 100.0 * v / den} for i, v in enumerate(values)]


def test_an_in_period_count_ties_its_teams_and_its_months_to_the_year():
    teams = [count(104, "T1"), count(24, "T2"), count(3, "T3")]
    months = _months([12, 12, 13, 12, 12, 5, 13, 12, 13, 12, 12, 12])  # June alone is small
    year = {"period_end": months[-1]["period_end"], **count(131)}
    pub = decide(True, count(131), {"team": teams}, [year], months)
    assert pub.total["value"] == 131.0
    assert [c["value"] for c in pub.cells["team"]] == [104.0, C, C]  # T3 (3), and T2 with it
    assert pub.headline("T2")["value"] == C and pub.headline("T1")["value"] == 104.0
    hidden = sorted(pub.hidden_months())
    assert hidden == ["2025-01-28", "2025-06-28"]  # June (5), and the next smallest month (12, the first)


def test_a_share_by_month_is_tied_to_the_year_only_over_twelve_months():
    # Fewer than twelve months: no 12-month total adds them up, so only the small ones go.
    months = _months([30, 28, 4, 30], den=40) + [{"period_end": "2025-05-28", "numerator": 3, "denominator": 4,
                                                     "value": 75.0}]
    pub = decide(True, share(95, 164), {}, [{"period_end": "2025-05-28", **share(95, 164)}], months)
    assert [p["value"] for p in pub.months[None]].count(C) == 2  # 4 of 40 and 3 of 4: primary only
    assert pub.total["value"] == 100.0 * 95 / 164


def test_a_snapshot_measures_last_month_is_its_headline_and_is_hidden_with_it():
    months = _months([12, 11, 10])
    # One team cell, hidden: the only other member of its relation is the headline, which goes too;
    # the last month-end point is the same figure as the headline, so it goes with it.
    pub = decide(False, count(10), {"team": [count(3, "T1")]}, months, months)
    assert pub.cells["team"][0]["value"] == C and pub.total["value"] == C
    assert pub.total["suppressed"] == "secondary"
    assert [p["value"] for p in pub.months[None]] == [12.0, 11.0, C]
    assert [p["value"] for p in pub.rolling[None]] == [12.0, 11.0, C]


def test_a_team_filter_hides_the_same_cells_as_the_breakdown():
    """The leak of issue 13: T11 6 of 6 and T16 1 of 1 under a total of 7 of 7. The breakdown hides T16
    (1) and T11 with it; the team's own headline must be the same hidden cell, not a fresh 6 of 6."""
    teams = [share(6, 6, "T11"), share(1, 1, "T16")]
    pub = decide(True, share(7, 7), {"team": teams}, [], [])
    assert pub.headline("T11")["value"] == C and pub.headline("T16")["value"] == C
    assert pub.total["value"] == 100.0


def test_a_hidden_team_month_is_protected_against_the_authority_month():
    """In one month the authority has 20 = T1 17 + T2 3: T2 is small, so T1 goes with it, and the
    authority's 20 stays."""
    point = {"period_end": "2025-01-31", **count(20),
             "cells": [{"dimension": "team", **count(17, "T1")}, {"dimension": "team", **count(3, "T2")}]}
    pub = decide(True, count(20), {"team": [count(17, "T1"), count(3, "T2")]}, [point], [point])
    assert [p["value"] for p in pub.months["T1"]] == [C] and [p["value"] for p in pub.months["T2"]] == [C]
    assert pub.months[None][0]["value"] == 20.0
