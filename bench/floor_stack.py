"""The floor of this stack: declare the journal's SQLAlchemy models and insert one row.

    python bench/floor_stack.py JOURNAL

What any `journal log` has to pay at least: the interpreter, SQLAlchemy, the models
(journal/storage/models.py, imported rather than copied so that they stay the same), an engine
on an existing SQLite file, one INSERT and a COMMIT. No click, no Alembic check, no
output. bench/run.py times it beside the journal's own commands.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from journal.storage.models import Episode


def main(path: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        episode = Episode(
            start=now,
            intensity=5,
            type="unknown",
            aura=False,
            symptoms=[],
            triggers=[],
            missed=[],
            reduced=[],
            created=now,
            updated=now,
        )
        session.add(episode)
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1])
