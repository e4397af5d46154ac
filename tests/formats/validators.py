"""The referees for the tests: lineofsight.formats.referee, plus making their environment on first use.

They need pandas < 2 and numpy < 2, so they live in .venv-validators (scripts/validators-venv.sh
makes it; CI starts from a clean machine, so the tests make it) and run as a subprocess.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from lineofsight.formats.referee import Issue, Verdict, cin_ruleset, lac_ruleset
from lineofsight.formats.referee import validate_903 as _validate_903
from lineofsight.formats.referee import validate_cin as _validate_cin

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv-validators"
VENV_PYTHON = VENV / "bin" / "python"

__all__ = ["Issue", "Verdict", "cin_ruleset", "lac_ruleset", "ensure_venv", "validate_cin", "validate_903"]


def ensure_venv() -> Path:
    """Create the validators' environment if absent (idempotent; needs PyPI the first time)."""
    subprocess.run(["bash", str(ROOT / "scripts" / "validators-venv.sh")], check=True, timeout=900)
    return VENV_PYTHON


def validate_cin(xml: Path, year: int) -> Verdict:
    return _validate_cin(xml, year, VENV)


def validate_903(folder: Path, year: int, la_code: str = "E09000027") -> Verdict:
    return _validate_903(folder, year, la_code, VENV)
