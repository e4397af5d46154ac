#!/usr/bin/env bash
# A separate virtual environment for Data to Insight's validators (the sector's referees for the
# CIN census and SSDA903). They pin pandas < 2 and numpy < 2, which our own environment cannot
# share, so they live in .venv-validators and are run as a subprocess. Idempotent: a second run
# with the environment already complete does nothing. Versions are pinned so that CI judges
# every submission by the same referees.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VALIDATORS_VENV:-.venv-validators}"
PYTHON="${PYTHON:-python3.11}"
export UV_PYTHON_DOWNLOADS=never
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import cin_validator, lac_validator" 2>/dev/null; then
    exit 0
fi
UV="$(command -v uv || echo "$HOME/.local/bin/uv")"
if [ -x "$UV" ]; then
    "$UV" venv --quiet --allow-existing --python "$PYTHON" "$VENV"
    "$UV" pip install --quiet --python "$VENV/bin/python" \
        "csc-validator-be-cin==0.1.13" "csc-validator-be-903==0.1.17" "pandas==1.5.3" "numpy==1.24.4"
else
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "csc-validator-be-cin==0.1.13" "csc-validator-be-903==0.1.17" "pandas==1.5.3" "numpy==1.24.4"
fi
"$VENV/bin/python" -c "import cin_validator, lac_validator"
