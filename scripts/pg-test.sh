#!/usr/bin/env bash
# Run the test suite against a throwaway PostgreSQL server: install it from the
# distribution if missing, start it in a temporary folder on a free local port,
# point the tests at it (JOURNAL_TEST_PG_URL), and stop it afterwards whatever happens.
# Usage: scripts/pg-test.sh [pytest arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}

find_bindir() {
  local dir
  if command -v pg_config >/dev/null; then
    dir=$(pg_config --bindir 2>/dev/null || true)
    if [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  fi
  # pg_config may come from libpq-dev alone; the server lives under its major version.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  done
  if command -v initdb >/dev/null; then dirname "$(command -v initdb)"; fi
}

BINDIR=$(find_bindir)
if [ -z "$BINDIR" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is not installed; install the server (e.g. apt-get install postgresql) and rerun." >&2
    exit 1
  fi
  echo "installing PostgreSQL from the distribution's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends postgresql >/dev/null
  BINDIR=$(find_bindir)
  [ -n "$BINDIR" ] || { echo "PostgreSQL installed, but initdb was not found." >&2; exit 1; }
fi

# initdb refuses to run as root: the server runs as the `postgres` user then.
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
  AS=(runuser -u postgres --)
else
  AS=()
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/journal-pg.XXXXXX")
chmod 0755 "$WORK"
mkdir -m 0700 "$WORK/data"
if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$WORK"; fi

stop() {
  "${AS[@]}" "$BINDIR/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop EXIT
trap 'exit 130' INT TERM

PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"${AS[@]}" "$BINDIR/initdb" -D "$WORK/data" -U postgres --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; exit 1; }
# A throwaway server: durability settings off for speed (they change nothing a test sees).
# Its zone is deliberately neither UTC nor the tests' zone, so nothing may depend on it.
"${AS[@]}" "$BINDIR/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 start -o "\
  -c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$WORK \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
  -c timezone=Pacific/Auckland -c max_connections=200" >/dev/null \
  || { cat "$WORK/server.log" >&2; exit 1; }

export JOURNAL_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
echo "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
status=0
"$PYTHON" -m pytest "$@" || status=$?
exit "$status"
