"""Single cells as officers type them: every due-date form, owners several to a cell, BRAG fill colours."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lineofsight.plan.readings import (
    find_dates,
    format_due,
    parse_date,
    rating_of_colour,
    read_due,
    split_owners,
)
from lineofsight.plan.scale import Rating

D = date


@pytest.mark.parametrize(
    ("text", "dates", "start", "recurring"),
    [
        ("June 25", (D(2025, 6, 30),), None, False),  # a month on its own: the end of that month
        ("Mar 25", (D(2025, 3, 31),), None, False),  # "Mar 25" is March 2025, not 25 March
        ("December 2025", (D(2025, 12, 31),), None, False),
        ("Sept-25", (D(2025, 9, 30),), None, False),
        ("From March 25", (), D(2025, 3, 1), True),  # a start, open-ended: no due date
        ("Ongoing", (), None, True),
        ("Bimonthly", (), None, True),
        ("In weekly performance meetings", (), None, True),
        ("March 25 / September 25", (D(2025, 3, 31), D(2025, 9, 30)), None, False),
        ("a. Dec 24 b. Jan 25 c. Mar 25 d. May 25", (D(2024, 12, 31), D(2025, 1, 31), D(2025, 3, 31), D(2025, 5, 31)),
         None, False),
        ("LAC visiting: May 25 Contacts/referrals: Sept 25", (D(2025, 5, 31), D(2025, 9, 30)), None, False),
        ("31/03/2025", (D(2025, 3, 31),), None, False),
        ("30.04.2025", (D(2025, 4, 30),), None, False),
        ("31st March 2025", (D(2025, 3, 31),), None, False),
        ("2025-02-28", (D(2025, 2, 28),), None, False),
        ("June 2025; December 2025", (D(2025, 6, 30), D(2025, 12, 31)), None, False),
        ("TBC", (), None, False),
        ("", (), None, False),
    ],
)
def test_each_due_date_form(text: str, dates: tuple[date, ...], start: date | None, recurring: bool) -> None:
    reading = read_due(text)
    assert (reading.text, reading.dates, reading.start, reading.recurring) == (text, dates, start, recurring)
    assert reading.due == (dates[-1] if dates else None)  # due by the last date written


def test_lettered_dates_go_to_the_sub_items_that_exist() -> None:
    reading = read_due("a. Dec 24 b. Jan 25 c. Mar 25 d. May 25", frozenset("abcd"))
    assert reading.dates == ()
    assert reading.by_letter == {"a": D(2024, 12, 31), "b": D(2025, 1, 31), "c": D(2025, 3, 31), "d": D(2025, 5, 31)}


def test_what_was_interpreted_is_said() -> None:
    assert "due by the last, 30 Sep 2025" in "; ".join(read_due("March 25 / September 25").notes)
    assert "never overdue" in "; ".join(read_due("Bimonthly").notes)
    assert "no date could be read" in "; ".join(read_due("when the board decides").notes)
    assert read_due("31/03/2025").notes == ()


def test_a_date_cell_is_read_as_the_date() -> None:
    assert read_due(D(2025, 5, 31)).dates == (D(2025, 5, 31),)


def test_day_month_year_is_not_also_read_as_month_year() -> None:
    assert find_dates("by 31 March 2025") == [(D(2025, 3, 31), False)]


def test_parse_date_for_one_date_or_none() -> None:
    assert parse_date("March 2026") == D(2026, 3, 31)
    assert parse_date("Ongoing") is None
    with pytest.raises(ValueError):
        parse_date("the thirty-first of Smarch")


@pytest.mark.parametrize(
    ("cell", "owners"),
    [
        ("KW/ME/HL/JJ/RR", ["KW", "ME", "HL", "JJ", "RR"]),
        ("Head of Service, MASH", ["Head of Service, MASH"]),  # MASH qualifies the title
        ("Head of Service, Children in Care", ["Head of Service, Children in Care"]),
        ("Head of Quality and Performance", ["Head of Quality and Performance"]),
        ("Head of Service and Principal Social Worker", ["Head of Service", "Principal Social Worker"]),
        ("Head of Workforce, Assistant Director", ["Head of Workforce", "Assistant Director"]),
        ("DCS / AD", ["DCS", "AD"]),
        ("Head of Performance; Assistant Director", ["Head of Performance", "Assistant Director"]),
        ("Team Manager\nService Manager, Fostering", ["Team Manager", "Service Manager, Fostering"]),
        ("", []),
    ],
)
def test_owner_split(cell: str, owners: list[str]) -> None:
    assert split_owners(cell) == owners


@pytest.mark.parametrize(
    ("rgb", "rating"),
    [("FF0000", Rating.RED), ("C00000", Rating.RED), ("FFC000", Rating.AMBER), ("FFFF00", Rating.AMBER),
     ("00B050", Rating.GREEN), ("92D050", Rating.GREEN), ("0070C0", Rating.BLUE), ("00B0F0", Rating.BLUE),
     ("D9D9D9", Rating.NA), ("FFFFFF", None), ("7030A0", None), (None, None)],
)
def test_brag_from_fill_colour(rgb: str | None, rating: str | None) -> None:
    assert rating_of_colour(rgb) == rating


dates_ = st.dates(min_value=D(2001, 1, 1), max_value=D(2099, 12, 31))


@given(own=st.lists(dates_, max_size=3, unique=True),
       subs=st.lists(st.one_of(st.none(), dates_), max_size=4))
def test_the_due_cell_the_export_writes_reads_back_to_the_same_dates(own: list[date], subs: list) -> None:
    letters = [(chr(ord("a") + i), d) for i, d in enumerate(subs)]
    reading = read_due(format_due(own, letters), frozenset(letter for letter, _ in letters))
    assert reading.dates == tuple(sorted(own))
    assert reading.by_letter == {letter: d for letter, d in letters if d is not None}


def test_a_lone_lettered_part_counts_only_on_a_line_of_its_own() -> None:
    from lineofsight.plan.readings import split_lettered

    assert split_lettered("Do X.\na. the only part") == ("Do X.", [("a", "the only part")])
    assert split_lettered("Do X as in a. above") == ("Do X as in a. above", [])
