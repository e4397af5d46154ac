#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server on a private Unix socket, then stops it.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d /tmp/los-pg.XXXXXX)
chmod 755 "$work"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$work"
  run_as=(runuser -u postgres --)
fi
"${run_as[@]}" "$PGBIN/initdb" -D "$work/data" -U postgres -A trust --no-sync >/dev/null
"${run_as[@]}" "$PGBIN/pg_ctl" -D "$work/data" -o "-k $work -c listen_addresses='' -c fsync=off" -l "$work/log" -w start >/dev/null
cleanup() { "${run_as[@]}" "$PGBIN/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
export DATABASE_URL="postgres://postgres@/lineofsight?host=$work"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on $work"
"$@"
