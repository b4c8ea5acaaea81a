"""The front door: one open journal, its clock and settings, and what the commands do with it.

Commands parse options, call a `Journal` method and print what it returns; scripts can do
the same:

    from journal.api import Journal
    with Journal.open("~/headaches.sqlite3") as journal:
        print(journal.summary_week())

A SQLite journal already at the program's schema is used through the standard library's
sqlite3 (journal/storage/rows.py, the fast path); anything else (PostgreSQL, a journal to
create or migrate, JOURNAL_ENGINE=sqlalchemy) goes through SQLAlchemy. The entry logic
(journal/entries) is the same on both.
"""

from journal.api.journal import Journal

__all__ = ["Journal"]
