#!/usr/bin/env bash
# A plain, non-editable `pip install .` into a new venv gives a working `journal`,
# run from another directory (the migrations ship inside the package).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$repo"
cd "$work"
export JOURNAL_DB="$work/data/journal.sqlite3" JOURNAL_TZ=Europe/Berlin
unset JOURNAL_DB_URL
"$work/venv/bin/journal" --version
"$work/venv/bin/journal" log --start "2h ago" --intensity 5 --type migraine
"$work/venv/bin/journal" take ibuprofen --dose 400
"$work/venv/bin/journal" db current
"$work/venv/bin/journal" db check
"$work/venv/bin/journal" list --json | "$work/venv/bin/python" -c \
  'import json,sys; d=json.load(sys.stdin); assert d[0]["intakes"][0]["remedy"]=="ibuprofen", d'
mode=$(stat -c %a "$JOURNAL_DB")
[ "$mode" = 600 ] || { echo "journal file mode is $mode, not 600"; exit 1; }
echo "check-install: ok (non-editable install, run from $work)"
