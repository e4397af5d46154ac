"""The sector's referees: Data to Insight's CIN census and SSDA903 validators, run on an exported return.

They pin pandas < 2 and numpy < 2, which our environment cannot share, so they live in their own
virtual environment (`scripts/validators-venv.sh` makes `.venv-validators`) and run as a subprocess
through referee_runner.py. Nothing leaves the machine: the validators run locally on the files.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

RUNNER = Path(__file__).with_name("referee_runner.py")
ENV_VAR = "LINEOFSIGHT_VALIDATORS_VENV"


class RefereeUnavailable(RuntimeError):
    """The validators' environment is not there (or is broken): say how to make it."""


@dataclass(frozen=True)
class Issue:
    rule: str
    kind: str  # "error" or "query"
    message: str
    table: str
    column: str
    count: int
    children: tuple[str, ...] = ()


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

    def error_count(self) -> int:
        return sum(i.count for i in self.errors)


def venv_candidates() -> list[Path]:
    """Where the validators' environment may be: $LINEOFSIGHT_VALIDATORS_VENV if set (only there), else
    ./.venv-validators, then the source checkout this package runs from."""
    if os.environ.get(ENV_VAR):
        return [Path(os.environ[ENV_VAR])]
    return [Path.cwd() / ".venv-validators", Path(__file__).resolve().parents[3] / ".venv-validators"]


def find_python(venv: Path | None = None) -> Path:
    for candidate in [venv] if venv is not None else venv_candidates():
        python = candidate / "bin" / "python"
        if python.exists():
            return python
    looked = ", ".join(str(p) for p in ([venv] if venv is not None else venv_candidates()))
    raise RefereeUnavailable(f"the DfE validators' environment was not found (looked in {looked}); make it with "
                             f"`bash scripts/validators-venv.sh` in the source checkout, or set {ENV_VAR}")


def cin_ruleset(year: int) -> str:
    """The validator's rules for the census year ending March `year` (cin2024_25 for 2025)."""
    return f"cin{year - 1}_{str(year)[2:]}"


def lac_ruleset(year: int) -> str:
    """The validator's rules for the SSDA903 year ending March `year` (lac2025_26 for 2026)."""
    return f"lac{year - 1}_{str(year)[2:]}"


def la_for_903(la_code: str) -> str:
    """What the 903 validator needs as the local authority: the ONS code, or the authority's name
    (the runner looks it up in the validator's own table) for a three-digit DfE number."""
    if la_code.startswith(("E", "W")) and la_code[1:].isdigit():
        return la_code
    from lineofsight.schema.authority import la_codes

    name = la_codes().get(la_code)
    if name is None:
        raise ValueError(f"la_code {la_code!r} is neither an ONS code nor a DfE LA number in schema/la_codes.csv")
    return name


def _run(python: Path, args: list[str]) -> Verdict:
    proc = subprocess.run([str(python), str(RUNNER), *args], capture_output=True, text=True, timeout=1800)
    if "@@RESULT@@" not in proc.stdout:
        raise RefereeUnavailable(f"the validator did not finish (exit {proc.returncode}): {proc.stderr[-2000:]}")
    data = json.loads(proc.stdout.split("@@RESULT@@", 1)[1])
    return Verdict(tuple(Issue(**{**i, "children": tuple(i.get("children", ()))}) for i in data["issues"]),
                   tuple(data["failed_rules"]))


def validate_cin(xml: Path, year: int, venv: Path | None = None) -> Verdict:
    """csc-validator-be-cin with the rules of the census year ending 31 March `year`."""
    return _run(find_python(venv), ["cin", str(xml), cin_ruleset(year)])


def validate_903(folder: Path, year: int, la_code: str, venv: Path | None = None) -> Verdict:
    """csc-validator-be-903 with the rules of the year ending 31 March `year`, for the authority `la_code`
    (a DfE number such as 331 or an ONS code such as E08000026)."""
    return _run(find_python(venv), ["903", str(folder), lac_ruleset(year), la_for_903(la_code)])
