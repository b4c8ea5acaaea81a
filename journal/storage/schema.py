"""Is this SQLite file a journal? Its whole schema against what the migrations make.

A file becomes the journal (opened, migrated, restored) only when every table, column
and type, constraint and index is exactly what the Alembic migrations produce at the
revision the file names, and it holds nothing else: no trigger, no view, no table of
another program. A trigger in a journal could silently delete what `log` writes; a
missing column makes every later command fail. An empty file or empty database is a
new journal.

The reference is built by running the real migrations on an empty in-memory database
(once per revision per process). At the head revision a fingerprint of the expected
schema is kept here, so an everyday command checks its journal with a few reads of
sqlite_master and no Alembic import; tests/test_schema.py asserts the fingerprint
equals the migrations'. Standard library only at import: sqlite3 paths call this too.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from journal.errors import StorageError
from journal.storage.sql import HEAD_REVISION  # the newest revision (generated)

__all__ = ["HEAD_REVISION", "check_journal"]

# fingerprint() of the schema the migrations make at HEAD_REVISION. A new migration
# changes it: tests/test_schema.py fails and prints the new value.
HEAD_FINGERPRINT = "419bb444b7257755685569aa14718e7298573a4af3ac795ccef7f2cbfe7f5a7c"

# One alternation, classified by its first character (faster than named groups: this
# runs on every open of a journal).
_TOKEN = re.compile(
    r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]"""
    r"|--[^\n]*|/\*.*?\*/"
    r"|[A-Za-z_][A-Za-z0-9_$]*|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+"
    r"|<=|>=|<>|!=|==|\|\||<<|>>|\S",
    re.DOTALL,
)
CONSTRAINT_WORDS = {"constraint", "primary", "unique", "check", "foreign"}


def _unquote(tok: str) -> str:
    inner = tok[1:-1]
    if tok[0] == '"':
        inner = inner.replace('""', '"')
    elif tok[0] == "`":
        inner = inner.replace("``", "`")
    return inner.lower()


def tokens(sql: str) -> list[str]:
    """SQL as normalised tokens: identifiers unquoted and lower-cased (SQLite folds ASCII
    case in names, and a quoted name is the same name), string literals kept as they are."""
    return [
        tok if tok[0] == "'" else _unquote(tok) if tok[0] in '"`[' else tok.lower()
        for tok in _TOKEN.findall(sql)
        if not tok.startswith(("--", "/*"))
    ]


def _split_top(items: list[str]) -> list[list[str]]:
    """Split tokens at commas outside parentheses."""
    parts: list[list[str]] = [[]]
    depth = 0
    for tok in items:
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        if tok == "," and depth == 0:
            parts.append([])
        else:
            parts[-1].append(tok)
    return parts


@dataclass(frozen=True)
class Table:
    columns: tuple[tuple[str, str], ...]  # (name, its definition), sorted by name
    constraints: tuple[str, ...]  # table constraints, sorted
    options: str  # after the closing parenthesis (WITHOUT ROWID, STRICT)


def parse_table(sql: str) -> Table:
    """A CREATE TABLE statement as its parts, independent of order and quoting.

    Batch migrations rebuild a table and write its constraints in another order; the
    same table reached by another route must compare equal.
    """
    toks = tokens(sql)
    try:
        open_at = toks.index("(")
    except ValueError:  # CREATE TABLE ... AS SELECT, or a virtual table
        return Table((), (" ".join(toks),), "")
    depth, close_at = 0, len(toks)
    for i in range(open_at, len(toks)):
        if toks[i] == "(":
            depth += 1
        elif toks[i] == ")":
            depth -= 1
            if depth == 0:
                close_at = i
                break
    columns: list[tuple[str, str]] = []
    constraints: list[str] = []
    for part in _split_top(toks[open_at + 1 : close_at]):
        if not part:
            continue
        if part[0] in CONSTRAINT_WORDS:
            constraints.append(" ".join(part))
        else:
            columns.append((part[0], " ".join(part[1:])))
    # "create table" (or "create virtual table ... using", "if not exists") before
    # the name, and WITHOUT ROWID or STRICT after the body.
    options = " ".join(toks[: open_at - 1]) + " | " + " ".join(toks[close_at + 1 :])
    return Table(tuple(sorted(columns)), tuple(sorted(constraints)), options)


@dataclass(frozen=True)
class Schema:
    """What a SQLite file holds, in a form that compares equal across routes to it."""

    tables: dict[str, Table] = field(default_factory=dict)
    indexes: dict[str, str] = field(default_factory=dict)  # named indexes: their SQL
    others: tuple[tuple[str, str], ...] = ()  # (type, name) of triggers and views

    def text(self) -> str:
        lines = []
        for name in sorted(self.tables):
            t = self.tables[name]
            lines.append(f"table {name} {t.options}")
            lines += [f"  column {c} {d}" for c, d in t.columns]
            lines += [f"  {c}" for c in t.constraints]
        lines += [f"index {name}: {sql}" for name, sql in sorted(self.indexes.items())]
        lines += [f"{kind} {name}" for kind, name in self.others]
        return "\n".join(lines)


def describe(con: sqlite3.Connection) -> Schema:
    """The schema of the main database open on CON (reads sqlite_master only)."""
    rows = con.execute(
        "SELECT type, name, tbl_name, sql FROM main.sqlite_master ORDER BY type, name"
    ).fetchall()
    schema = Schema()
    others = []
    for kind, name, _table, sql in rows:
        if kind == "table":
            if name.startswith("sqlite_stat"):
                continue  # ANALYZE statistics: SQLite's own, and harmless
            schema.tables[name.lower()] = parse_table(sql or "")
        elif kind == "index":
            if sql is None:
                continue  # made by a UNIQUE or PRIMARY KEY of its table, compared there
            schema.indexes[name.lower()] = " ".join(tokens(sql))
        else:
            others.append((str(kind), str(name)))
    return Schema(schema.tables, schema.indexes, tuple(sorted(others)))


def fingerprint(schema: Schema) -> str:
    return hashlib.sha256(schema.text().encode("utf-8")).hexdigest()


def differences(found: Schema, expected: Schema) -> list[str]:
    """What FOUND has or lacks against EXPECTED, in words, most telling first."""
    out: list[str] = []
    for kind, name in found.others:
        out.append(f"it holds a {kind} ({name}), which a journal never has")
    extra = sorted(set(found.tables) - set(expected.tables))
    out += [f"it holds a table the journal does not have ({name})" for name in extra]
    missing = sorted(set(expected.tables) - set(found.tables))
    out += [f"it lacks the table {name}" for name in missing]
    for name in sorted(set(found.tables) & set(expected.tables)):
        mine, ref = found.tables[name], expected.tables[name]
        cols, ref_cols = dict(mine.columns), dict(ref.columns)
        for col in sorted(set(ref_cols) - set(cols)):
            out.append(f"its table {name} lacks the column {col}")
        for col in sorted(set(cols) - set(ref_cols)):
            out.append(f"its table {name} has a column the journal does not have ({col})")
        for col in sorted(set(cols) & set(ref_cols)):
            if cols[col] != ref_cols[col]:
                out.append(
                    f"its column {name}.{col} is {cols[col]!r} where the journal has "
                    f"{ref_cols[col]!r}"
                )
        if mine.constraints != ref.constraints or mine.options != ref.options:
            out.append(f"the constraints of its table {name} differ from the journal's")
    for name in sorted(set(found.indexes) | set(expected.indexes)):
        if name not in expected.indexes:
            out.append(f"it holds an index the journal does not have ({name})")
        elif name not in found.indexes:
            out.append(f"it lacks the index {name}")
        elif found.indexes[name] != expected.indexes[name]:
            out.append(f"its index {name} differs from the journal's")
    return out


# -- the reference: what the migrations make ------------------------------------------


@lru_cache(maxsize=8)
def reference(revision: str) -> Schema:
    """The schema the real migrations produce at REVISION, on an empty in-memory database."""
    import sqlalchemy as sa
    from alembic import command
    from sqlalchemy.pool import StaticPool

    from journal.storage.migrate import alembic_config, migration_connection

    raw = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    engine = sa.create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    try:
        with migration_connection(engine) as conn:
            command.upgrade(alembic_config(conn), revision)
        return describe(raw)
    finally:
        engine.dispose()
        raw.close()


@lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    """Every revision this program has a migration for (imports Alembic)."""
    from alembic.script import ScriptDirectory

    from journal.storage.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(r.revision for r in script.walk_revisions())


# -- what a downgrade drops ------------------------------------------------------------


def downgrade_loses(engine: Any, target: str) -> list[tuple[str, int]]:
    """What a downgrade to TARGET drops that holds data: (table, rows) for a table it
    drops, (table.column, values) for a column; empty when nothing recorded is lost.

    Found by comparing what the migrations make at the journal's revision and at
    TARGET (journal/storage/schema.py), so it stays true as revisions are added.
    """
    from alembic.script import ScriptDirectory

    from journal.errors import BadInput
    from journal.storage.migrate import alembic_config, read_version

    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as conn:
        current = read_version(conn)
        if current is None:
            return []
        try:
            steps = list(script.iterate_revisions(current, target))
        except Exception:  # Alembic's several errors for a revision it cannot resolve
            raise BadInput("REVISION", f"{target!r} is not a revision to go back to") from None
        if not steps:
            return []
        lower = steps[-1].down_revision
        before = reference(current)
        after = reference(str(lower)) if isinstance(lower, str) else Schema()
        lost: list[tuple[str, int]] = []
        for table in sorted(set(before.tables) - {"alembic_version"}):
            if table not in after.tables:
                count = conn.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar()
                lost.append((table, int(count or 0)))
                continue
            gone = {c for c, _ in before.tables[table].columns}
            gone -= {c for c, _ in after.tables[table].columns}
            for column in sorted(gone):
                count = conn.exec_driver_sql(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NOT NULL '
                    f"AND CAST(\"{column}\" AS TEXT) NOT IN ('[]', '')"
                ).scalar()
                lost.append((f"{table}.{column}", int(count or 0)))
        return [(what, n) for what, n in lost if n]


# -- the check ------------------------------------------------------------------------


class NotAJournal(StorageError):
    """A database that must not become the journal; WHY says what is wrong with it."""

    def __init__(self, where: str, why: str) -> None:
        self.why = why
        super().__init__(
            f"{where} cannot be used as a headache journal: {why}; nothing was changed."
        )


class NewerJournal(StorageError):
    """A journal of a schema revision this program has no migration for."""

    def __init__(self, revision: str) -> None:
        self.revision = revision
        super().__init__(
            f"This journal was written by a newer headache-journal (schema {revision}); "
            "install that version to use it. Nothing was changed."
        )


def read_revision(con: sqlite3.Connection, where: str) -> str | None:
    rows = con.execute("SELECT version_num FROM main.alembic_version").fetchall()
    if not rows:
        return None
    if len(rows) != 1 or not isinstance(rows[0][0], str):
        raise NotAJournal(where, "its schema version is unreadable")
    return str(rows[0][0])


def check_journal(con: sqlite3.Connection, where: str) -> str | None:
    """Refuse (NotAJournal, NewerJournal: one sentence) a database not exactly a journal.

    Returns the file's schema revision, or None for an empty file or database (which
    becomes a new journal). Reads only: a refused file is never modified. WHERE names
    the file in the message.
    """
    found = describe(con)
    if not found.tables and not found.indexes and not found.others:
        return None
    if found.others:
        kind, name = found.others[0]
        raise NotAJournal(where, f"it holds a {kind} ({name}), which a journal never has")
    if "alembic_version" not in found.tables:
        raise NotAJournal(where, "it is another program's database, not a headache journal")
    revision = read_revision(con, where)
    if revision is None:
        if set(found.tables) == {"alembic_version"} and not found.indexes:
            return None  # taken back to base: an empty journal
        raise NotAJournal(where, "it holds tables but no schema version")
    if revision == HEAD_REVISION and fingerprint(found) == HEAD_FINGERPRINT:
        return revision
    if revision not in known_revisions():
        # Another program's Alembic revision looks just as unknown: a newer journal
        # still has the journal's tables.
        ours = set(reference(HEAD_REVISION).tables) - {"alembic_version"}
        if not ours & set(found.tables):
            raise NotAJournal(where, "it is another program's database, not a headache journal")
        raise NewerJournal(revision)
    wrong = differences(found, reference(revision))
    if wrong:
        raise NotAJournal(where, f"{wrong[0]} (schema {revision})")
    return revision
