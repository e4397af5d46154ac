"""Every rule against hand-made records that break it and records that pass it.

Each case builds a tiny authority and says exactly which records the rule must flag; the rule must
flag those and nothing else among the records in the case.
"""

import pytest

from lineofsight.quality.model import RULE_COLUMNS
from lineofsight.quality.rules import ALL_RULES, BY_ID
from quality import (  # noqa: F401  (importing registers the cases)
    cases_allocation,
    cases_completeness,
    cases_consistency,
    cases_identity,
    cases_referential,
    cases_sequence,
    cases_timeliness,
    cases_validity,
)
from quality.builders import CASES, Db

ALL_CASES = [(rule_id, fn) for rule_id, fns in sorted(CASES.items()) for fn in fns]


def test_every_rule_has_a_failing_and_a_passing_case():
    missing = []
    for rule in ALL_RULES:
        fns = CASES.get(rule.id, [])
        results = [fn(Db()) for fn in fns]
        if not any(bad for bad, _ in results) or not any(good for _, good in results):
            missing.append(rule.id)
    assert missing == []


def test_every_case_names_a_real_rule():
    assert set(CASES) <= set(BY_ID)


def test_there_are_at_least_forty_rules_in_every_family():
    assert len(ALL_RULES) >= 40
    assert {r.family for r in ALL_RULES} == {
        "timeliness", "sequence", "validity", "consistency", "completeness", "identity", "referential", "allocation"}


@pytest.mark.parametrize(("rule_id", "build"), ALL_CASES, ids=[f"{r}:{fn.__name__}" for r, fn in ALL_CASES])
def test_rule_flags_exactly_the_breaking_records(rule_id, build):
    db = Db()
    bad, good = build(db)
    assert not bad & good
    flagged = db.flagged(rule_id)
    assert bad <= flagged, f"missed {sorted(bad - flagged)}"
    assert not flagged & good, f"false alarm on {sorted(flagged & good)}"


@pytest.mark.parametrize(("rule_id", "build"), ALL_CASES, ids=[f"{r}:{fn.__name__}" for r, fn in ALL_CASES])
def test_findings_carry_the_standard_columns_and_a_detail(rule_id, build):
    db = Db()
    build(db)
    for f in db.run(rule_id):
        assert set(RULE_COLUMNS) <= set(f)
        assert f["rule_id"] == rule_id and f["severity"] == BY_ID[rule_id].severity
        assert f["record_id"] and f["detail"]
