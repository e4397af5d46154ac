"""Evidence beside an area's impact rating: from the measures package when there is data, else "no data yet"."""

from __future__ import annotations

from lineofsight.plan import evidence


def test_without_a_source_every_link_says_no_data_yet() -> None:
    # No snapshot is loaded in a test's own LINEOFSIGHT_HOME, so nothing is looked up.
    got = evidence.evidence_for(["cp_visit_10wd", "unallocated"])
    assert [(e.measure_id, e.available, e.note) for e in got] == [
        ("cp_visit_10wd", False, evidence.NO_DATA), ("unallocated", False, evidence.NO_DATA),
    ]


def test_values_rag_and_trend_come_from_the_source_in_the_links_order() -> None:
    def source(ids: list[str]) -> dict[str, dict[str, object]]:
        assert ids == ["cp_visit_10wd", "unallocated", "made_up"]
        return {
            "unallocated": {"title": "Unallocated children", "value": 12, "unit": "count", "rag": "Red",
                            "trend": "up", "period_end": "2025-03-31", "snapshot": "20250401-120000-abcd"},
            "cp_visit_10wd": {"title": "CP visits in 10 working days", "value": 87.456, "unit": "percent",
                              "rag": "Amber", "trend": "same"},
        }

    cp, unallocated, made_up = evidence.evidence_for(["cp_visit_10wd", "unallocated", "made_up"], source=source)
    assert (cp.available, cp.value, cp.rag, cp.trend) == (True, "87.5%", "Amber", "same")
    assert (unallocated.value, unallocated.period_end, unallocated.snapshot) == ("12", "2025-03-31", "20250401-120000-abcd")
    assert (made_up.available, made_up.note) == (False, evidence.NOT_IN_CATALOGUE)


def test_a_measure_without_a_value_and_a_failing_source() -> None:
    empty = evidence.evidence_for(["cla_rate"], source=lambda ids: {"cla_rate": {"title": "CLA rate", "value": None}})
    assert (empty[0].available, empty[0].note) == (False, evidence.NO_DATA)

    def broken(ids: list[str]) -> dict[str, dict[str, object]]:
        raise RuntimeError("snapshot unreadable")

    assert evidence.evidence_for(["cla_rate"], source=broken)[0].note == "could not be computed"


def test_no_links_no_lookup() -> None:
    def never(ids: list[str]) -> dict[str, dict[str, object]]:
        raise AssertionError("must not be called")

    assert evidence.evidence_for([], source=never) == []


def test_evidence_from_a_real_snapshot(tmp_path) -> None:
    """End to end: a tiny authority loaded into the warehouse, read through the measures selectors."""
    from helpers.ssd_folder import valid_rows, write_ssd_folder
    from lineofsight.ingest import load_folder
    from lineofsight.warehouse.snapshots import current_id

    write_ssd_folder(tmp_path / "ssd", valid_rows())
    load_folder(tmp_path / "ssd")
    cp, made_up = evidence.evidence_for(["cp_visit_10wd", "made_up"])
    assert cp.title and cp.snapshot == current_id() and cp.period_end
    assert cp.available == bool(cp.value) and cp.rag in ("", "Green", "Amber", "Red")
    assert (made_up.available, made_up.note) == (False, evidence.NOT_IN_CATALOGUE)


def test_figures_are_computed_once_per_snapshot(monkeypatch) -> None:
    from lineofsight.warehouse import snapshots

    calls: list[list[str]] = []

    def counting(ids: list[str]) -> dict[str, dict[str, object]]:
        calls.append(ids)
        return {"unallocated": {"title": "Unallocated", "value": 3, "unit": "count"}}

    monkeypatch.setattr(snapshots, "current_id", lambda: "20990101-000000-cafe")
    monkeypatch.setattr(evidence, "from_current_snapshot", counting)
    first = evidence.evidence_for(["unallocated"])
    second = evidence.evidence_for(["unallocated"])
    assert first == second and first[0].value == "3" and calls == [["unallocated"]]
