"""`make demo`: fill a throwaway journal under ./demo/ and show what the journal does."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample import build


def run(*args: str) -> None:
    print(f"\n$ journal {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, "-m", "journal", *args], check=True)


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "demo").absolute()
    folder.mkdir(mode=0o700, exist_ok=True)
    db = folder / "journal.sqlite3"
    os.environ["JOURNAL_DB"] = str(db)
    os.environ.pop("JOURNAL_DB_URL", None)
    build(db, 90, end=date.today()).close()
    print(f"A demo journal with 90 days of sample data is in {db}")
    run("list", "--from", "3d ago")
    run()
    run("summary")
    run("flags", "--months", "1")
    run("cycles", "--months", "4")
    for kind in ("days", "intensity", "calendar", "remedies", "persistence"):
        run("chart", kind, "--out", str(folder / f"chart-{kind}.png"))
    run("report", "--out", str(folder / "report.pdf"), "--name", "Demo Patient")


if __name__ == "__main__":
    main()
