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
    # 210 days: an erenumab course began 120 days ago, after a 12-week baseline, so its
    # weeks 9-12 are complete; acute doses have pain recorded before and after.
    build(db, 210, end=date.today(), course_from=120).close()
    print(f"A demo journal with 210 days of sample data is in {db}")
    run("list", "--from", "3d ago")
    run()
    run("summary")
    run("flags", "--months", "1")
    run("cycles", "--months", "4")
    run("treatments")
    run("preventive", "list")
    for kind in ("days", "intensity", "calendar", "remedies", "persistence", "preventive"):
        run("chart", kind, "--out", str(folder / f"chart-{kind}.png"))
    run("report", "--out", str(folder / "report.pdf"), "--name", "Demo Patient")


if __name__ == "__main__":
    main()
