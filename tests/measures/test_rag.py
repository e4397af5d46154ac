"""RAG and direction of travel respect polarity."""

import pytest

from lineofsight.measures.rag import direction, rag


@pytest.mark.parametrize("value, polarity, expected", [
    (90, "higher_is_better", "green"),  # meets the target of 90 exactly
    (85, "higher_is_better", "amber"),  # below target, meets the threshold of 80
    (80, "higher_is_better", "amber"),
    (79.9, "higher_is_better", "red"),
    (5, "lower_is_better", "green"),  # with threshold 10 and target 5 for a lower-is-better measure
    (7, "lower_is_better", "amber"),
    (10.1, "lower_is_better", "red"),
])
def test_rag(value, polarity, expected):
    levels = (80, 90) if polarity == "higher_is_better" else (10, 5)
    assert rag(value, *levels, polarity) == expected


def test_rag_without_levels_or_value_or_for_neutral_measures():
    assert rag(50, None, None, "higher_is_better") is None
    assert rag(None, 80, 90, "higher_is_better") is None
    assert rag(50, 80, 90, "neutral") is None
    assert rag(85, None, 80, "higher_is_better") == "green"  # one level serves as both
    assert rag(75, 80, None, "higher_is_better") == "red"


def test_direction_of_travel():
    assert direction(80, 75, "higher_is_better") == {"previous": 75, "change": 5, "direction": "up", "judgement": "better"}
    assert direction(80, 75, "lower_is_better")["judgement"] == "worse"
    assert direction(70, 75, "lower_is_better")["judgement"] == "better"
    assert direction(75, 75, "lower_is_better")["judgement"] == "same"
    assert direction(80, 75, "neutral")["judgement"] is None
    assert direction(80, None, "neutral") is None
