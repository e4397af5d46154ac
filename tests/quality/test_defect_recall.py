"""Scored against the truth: every defect the generator injects is found on its own record, and a clean
authority raises no error-severity finding at all.

Small authorities (two seeds with defects, one clean) are generated, loaded by the real loader into
snapshots, and every rule is run on each. The defect types and the rules that must find them are in
lineofsight.quality.defects.DEFECT_RULES.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from lineofsight.ingest import load_folder
from lineofsight.quality import engine
from lineofsight.quality.defects import DEFECT_RULES
from lineofsight.synth import generate
from lineofsight.warehouse.snapshots import snapshot_path

SEEDS_WITH_DEFECTS = (11, 12)
DEFECT_RATE = 0.03
END = "2025-03-31"


def _generate_and_load(root: Path, seed: int, defects: float) -> tuple[Path, list[dict]]:
    """Generate a small authority, load it into a snapshot of its own home; (snapshot file, defects)."""
    folder = root / f"seed{seed}-defects{defects}"
    generate(folder, scale="small", seed=seed, end=END, defects=defects)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LINEOFSIGHT_HOME", str(root / f"home{seed}-{defects}"))
        result = load_folder(folder)
        assert result.ok, [str(p) for p in result.errors][:20]
        path = snapshot_path(str(result.snapshot_id))
    with open(folder / "defects.csv", encoding="utf-8", newline="") as fh:
        injected = list(csv.DictReader(fh))
    return path, injected


def _findings(path: Path) -> list[dict]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return engine.to_dicts(engine.run(con))
    finally:
        con.close()


@pytest.fixture(scope="module")
def with_defects(tmp_path_factory):
    root = tmp_path_factory.mktemp("recall")
    out = []
    for seed in SEEDS_WITH_DEFECTS:
        path, injected = _generate_and_load(root, seed, DEFECT_RATE)
        out.append((seed, injected, _findings(path)))
    return out


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    path, injected = _generate_and_load(tmp_path_factory.mktemp("clean"), 13, 0)
    return injected, _findings(path)


def test_every_injected_defect_type_has_rules():
    assert all(rule_id in {r.id for r in engine.ALL_RULES} for ids in DEFECT_RULES.values() for rule_id in ids)


def test_every_injected_defect_is_found_on_its_record(with_defects):
    for seed, injected, found in with_defects:
        assert injected, f"seed {seed}: the generator injected no defects"
        types = Counter(d["defect_type"] for d in injected)
        assert set(types) <= set(DEFECT_RULES), f"defect types with no rule: {set(types) - set(DEFECT_RULES)}"
        hits = {(f["rule_id"], f["table_name"], f["record_id"]) for f in found}
        missed = [
            d for d in injected
            if not any((rule_id, d["table"], d["record_id"]) in hits for rule_id in DEFECT_RULES[d["defect_type"]])
        ]
        recall = {t: 1 - sum(m["defect_type"] == t for m in missed) / n for t, n in types.items()}
        assert missed == [], f"seed {seed}: recall by type {recall}; first missed {missed[:5]}"


def test_every_defect_type_is_injected(with_defects):
    injected_types = {d["defect_type"] for _, injected, _ in with_defects for d in injected}
    assert injected_types == set(DEFECT_RULES)


def test_a_clean_authority_raises_no_error(clean):
    injected, found = clean
    assert injected == []
    errors = Counter(f["rule_id"] for f in found if f["severity"] == "error")
    examples = {r: next(f["detail"] for f in found if f["rule_id"] == r) for r in errors}
    assert errors == Counter(), f"error findings on a clean authority: {dict(errors)}; examples {examples}"
