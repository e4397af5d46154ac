"""The rule catalogue in docs/ is generated from the rules and must be current."""

from pathlib import Path

from lineofsight.quality.catalogue import render_catalogue
from lineofsight.quality.rules import ALL_RULES

ROOT = Path(__file__).resolve().parents[2]


def test_rule_catalogue_is_current():
    committed = (ROOT / "docs" / "data-quality-rules.md").read_text(encoding="utf-8")
    assert committed == render_catalogue(), "run `make docs` to regenerate docs/data-quality-rules.md"


def test_every_rule_explains_itself_and_how_to_fix_it():
    for r in ALL_RULES:
        assert r.title and r.explanation.endswith(".") and r.fix.endswith("."), r.id
        assert f"### `{r.id}` ({r.severity})" in render_catalogue()
