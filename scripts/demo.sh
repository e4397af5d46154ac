#!/usr/bin/env bash
# `make demo`: build the medium synthetic authority, load it as a snapshot, set up the web app with the
# demo accounts and the demo improvement plan, then serve it on a local URL (printed with the accounts).
# Everything here is synthetic: no real child's data is used. Re-running reuses what is already built;
# set LINEOFSIGHT_DEMO_FRESH=1 to generate and load the authority again.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# A home of its own, never a real installation's (./var by default): the demo accounts have published
# passwords, and `web demo-accounts` refuses in a home without the demo marker.
export LINEOFSIGHT_HOME="${LINEOFSIGHT_DEMO_HOME:-$PWD/demo-home}"
export LINEOFSIGHT_DEMO=1
HOST="${LINEOFSIGHT_DEMO_HOST:-127.0.0.1}"
PORT="${LINEOFSIGHT_DEMO_PORT:-8000}"
DATA="$LINEOFSIGHT_HOME/demo-data"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

MARKER="$LINEOFSIGHT_HOME/demo-home"
if [ ! -f "$MARKER" ]; then
  if [ -e "$LINEOFSIGHT_HOME/app.sqlite3" ] || [ -e "$LINEOFSIGHT_HOME/snapshots" ]; then
    echo "$LINEOFSIGHT_HOME holds an installation that is not a demo: set LINEOFSIGHT_DEMO_HOME to an empty folder." >&2
    exit 1
  fi
  (umask 077; mkdir -p "$LINEOFSIGHT_HOME")
  echo "A demo home made by make demo: synthetic data and demo accounts with published passwords." > "$MARKER"
fi

# A demo built by an older version (before SSD v1.4.5's column names) cannot be opened: build it again.
if [ -s "$LINEOFSIGHT_HOME/snapshots/current" ] && ! "$BIN/python" -c \
    "from lineofsight.warehouse.snapshots import open_snapshot; open_snapshot().close()" 2>/dev/null; then
  step "The demo's snapshot was made by an older version: generating and loading it again"
  LINEOFSIGHT_DEMO_FRESH=1
fi

if [ "${LINEOFSIGHT_DEMO_FRESH:-0}" = 1 ] || [ ! -f "$DATA/authority.toml" ]; then
  step "Generating the medium synthetic authority into $DATA"
  rm -rf "$DATA"
  "$BIN/lineofsight" synth --scale medium --out "$DATA"
fi

if [ "${LINEOFSIGHT_DEMO_FRESH:-0}" = 1 ] || [ ! -s "$LINEOFSIGHT_HOME/snapshots/current" ]; then
  step "Loading it as a new snapshot"
  "$BIN/lineofsight" load "$DATA"
fi

step "Computing the measures once, so the first pages are as quick as the rest"
"$BIN/lineofsight" measures --warm

step "Preparing the web app (database, roles, static files)"
"$BIN/lineofsight" web setup

step "Demo accounts"
"$BIN/lineofsight" web demo-accounts

step "Demo improvement plan"
"$BIN/lineofsight" plan demo

step "Serving (Ctrl+C to stop)"
exec "$BIN/lineofsight" web serve --host "$HOST" --port "$PORT"
