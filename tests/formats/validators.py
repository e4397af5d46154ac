"""Run Data to Insight's validators (the sector's referees) on an exported return.

They need pandas < 2 and numpy < 2, so they live in .venv-validators (scripts/validators-venv.sh
makes it) and run as a subprocess through referee_runner.py. Results are rule counts only.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_PYTHON = ROOT / ".venv-validators" / "bin" / "python"
RUNNER = Path(__file__).with_name("referee_runner.py")


@dataclass(frozen=True)
class Issue:
    rule: str
    kind: str  # "error" or "query"
    message: str
    table: str
    column: str
    count: int


@dataclass(frozen=True)
class Verdict:
    issues: tuple[Issue, ...]
    failed_rules: tuple[str, ...]  # rules that crashed inside the validator (theirs, not ours)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.kind == "error"]

    @property
    def queries(self) -> list[Issue]:
        return [i for i in self.issues if i.kind == "query"]


def ensure_venv() -> Path:
    """Create the validators' environment if absent (idempotent; needs PyPI the first time)."""
    subprocess.run(["bash", str(ROOT / "scripts" / "validators-venv.sh")], check=True, timeout=900)
    return VENV_PYTHON


def cin_ruleset(year: int) -> str:
    """The validator's rules for the census year ending March `year` (cin2024_25 for 2025)."""
    return f"cin{year - 1}_{str(year)[2:]}"


def lac_ruleset(year: int) -> str:
    return f"lac{year - 1}_{str(year)[2:]}"


def _run(args: list[str]) -> Verdict:
    proc = subprocess.run([str(VENV_PYTHON), str(RUNNER), *args], capture_output=True, text=True, timeout=600)
    if "@@RESULT@@" not in proc.stdout:
        raise RuntimeError(f"validator did not finish (exit {proc.returncode}): {proc.stderr[-2000:]}")
    data = json.loads(proc.stdout.split("@@RESULT@@", 1)[1])
    return Verdict(tuple(Issue(**i) for i in data["issues"]), tuple(data["failed_rules"]))


def validate_cin(xml: Path, year: int) -> Verdict:
    return _run(["cin", str(xml), cin_ruleset(year)])


def validate_903(folder: Path, year: int, la_ons_code: str = "E09000027") -> Verdict:
    return _run(["903", str(folder), lac_ruleset(year), la_ons_code])
