"""Bad input, generated: every command, every option, hostile values; never a traceback.

Hypothesis builds argument lists for each command from its click parameters, so a
new command is covered the day it is registered, with no change here. Values are
arbitrary unicode (surrogates too: that is how Python hands over undecodable bytes in
argv), control characters, huge and negative numbers, impossible and odd dates,
relative times, empty strings, paths to junk files and to the journal itself, mixed
with plausible values so that runs get past the first check. The rule:
the exit code is 0, 1 or 2, never a traceback or an "Unexpected failure", and when
it is not 0 the journal and the output folder are exactly as they were.

In-process through CliRunner, to fit the time budget; the last tests run real
processes with undecodable bytes in argv.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cli import main
from tests.conftest import Invoke, dump
from tests.reliability import journal_env, one_sentence, run_journal

pytestmark = pytest.mark.sqlite_only  # compares the SQLite file before and after


def leaf_commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from leaf_commands(command, (*path, name))
        else:
            yield (*path, name)


def command_at(path: tuple[str, ...]) -> click.Command:
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


COMMANDS = list(leaf_commands(main))
# Examples per command in the default run; commands that draw with matplotlib cost
# ~0.2-1 s a run: fewer. `make soak` multiplies them by 15 (JOURNAL_FUZZ_FACTOR).
FACTOR = int(os.environ.get("JOURNAL_FUZZ_FACTOR", "1"))
EXAMPLES = {("chart",): 8 * FACTOR, ("report",): 6 * FACTOR}
DEFAULT_EXAMPLES = 20 * FACTOR

NASTY = [
    "", " ", "\t", "\n", "\x00", "\x07", "\x1b[31mred", "\r\n", "\u202eevil", "\ufeff",
    "\udcff\udcfe", "a\udc80b", "\U0001f92f", "Kopfschmerz ü", "頭痛", "x" * 20_000,
    "-", "--", "--help", "-1", "0", "1", "2", "10", "11", "-0", "00", "1e309", "-1e309",
    "nan", "inf", "-inf", "1_000", "0x10", "99999999999999999999999999",
    "-99999999999999999999999999", "9" * 400,
    "now", "today", "yesterday", "tomorrow", "today 23:59", "yesterday 24:00",
    "yesterday 21:00", "2h ago", "0m ago", "999999d ago", "100000h ago", "-5h ago",
    "3d ago", "52w ago", "99999w ago",
    "2026-02-29", "2024-02-29", "2026-13-01", "2026-00-10", "0000-00-00", "0001-01-01",
    "1899-12-31", "9999-12-31", "9999-12-31 23:59", "10000-01-01", "2026-11-20 14:30",
    "2026-11-20T14:30:00+14:00", "2026-11-20T14:30:00-12:00", "2026-11-20 25:61",
    "2026-03-29 02:30", "2026-10-25 02:30", "20261120", "11/20/2026", "2026-W47",
    "2026-11", "2026-11-20Z", "1970-01-01T00:00:00Z",
    "Europe/Berlin", "UTC", "Mars/Olympus", "../../etc/passwd", "/etc/localtime",
    "ibuprofen", "IBUPROFEN", "kratom", "sumatriptan", "base", "head", "0001", "0002",
    "9999", "+1", "heads", "tz", "min-duration",
]  # fmt: skip


def texts() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NASTY),
        # Every code point, surrogates (undecodable bytes) and controls included.
        st.text(st.characters(exclude_categories=()), max_size=40),
        st.integers(min_value=-(2**80), max_value=2**80).map(str),
        st.floats().map(repr),
        st.datetimes().map(lambda d: d.isoformat(sep=" ")),
        st.dates().map(str),
        st.builds(
            "{}{} ago".format,
            st.integers(min_value=-5, max_value=10**9),
            st.sampled_from(["m", "h", "d", "w", "min", " days", " hours"]),
        ),
    )


def number_texts() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(min_value=-12, max_value=12).map(str),
        st.integers(min_value=-(2**80), max_value=2**80).map(str),
        st.floats().map(repr),
        texts(),
    )


SUFFIXES = ["", ".png", ".svg", ".pdf", ".json", ".csv", ".sqlite3", ".txt"]

# Plausible values by parameter name, so that runs get past the first check and into
# the writes, exports and drawings; hostile ones (texts()) are mixed in below.
WHEN = ["now", "2h ago", "30m ago", "yesterday 21:00", "today 00:00", "3d ago", "2026-11-20 14:30"]
DAY = ["today", "yesterday", "3d ago", "2w ago", "2026-11-01", "2026-01-01"]
PLAUSIBLE: dict[str, list[str]] = {
    "start": WHEN, "end": WHEN, "at": WHEN, "from_": DAY, "to_": DAY, "day": DAY,
    "date": DAY, "as_of": DAY, "week": ["2026-W47", "2026-W01", "2025-W53"],
    "month": ["2026-11", "2026-02"], "intensity": [str(n) for n in range(11)],
    "episode_id": ["1", "2", "3"], "intake_id": ["1", "2", "3"], "marker_id": ["1", "2"],
    "dose": ["0", "400", "2.5", "1000"], "months": ["1", "3", "12"], "weeks": ["1", "4"],
    "dpi": ["72", "150"], "unit": ["mg", "g", "tablet"], "remedy": ["ibuprofen", "KRATOM", "bx"],
    "name": ["Brand X", "A. Patient", "Migräne-Mix"], "alias": ["bx", "mm"],
    "tag": ["menstruation", "poor sleep", "alcohol"], "key": ["tz", "min-duration"],
    "value": ["Europe/Berlin", "America/New_York", "30", "0"], "revision": ["0001", "base", "head"],
    "symptom": ["nausea", "light"], "trigger": ["stress", "red wine"],
    "location": ["left temple"], "note": ["better after sleep", "line one\nline two"],
    "product": ["green vein powder"],
}  # fmt: skip


class Files:
    """Paths a PATH or --out parameter may be given: exports, junk, the journal, ..."""

    def __init__(self, tmp: Path, db: Path) -> None:
        self.out = tmp / "out"
        self.out.mkdir()
        self.cwd = tmp / "fuzz-cwd"  # where relative names land: the test's, not the repo's
        self.cwd.mkdir()
        junk = tmp / "in"
        junk.mkdir()
        (junk / "random.bin").write_bytes(os.urandom(3000))
        (junk / "empty.json").write_bytes(b"")
        (junk / "text.csv").write_text("date,pain\n2026-11-20,\udcff\n", errors="surrogateescape")
        (junk / "truncated.json").write_text('{"format": "headache-journal", "episodes": [')
        (junk / "not-a-db.sqlite3").write_text("SQLite format 3 but not really")
        (junk / "a-folder.json").mkdir()
        self.db = str(db)
        self.inputs = sorted(str(p) for p in junk.iterdir())
        self.valid: list[str] = []
        # Real exports and a backup of this journal, where those commands exist.
        for args in (
            ["export", "--format", "json", "--out", str(junk / "export.json")],
            ["export", "--format", "csv", "--out", str(junk / "export-csv")],
            ["backup", str(junk / "backup.sqlite3")],
        ):
            if args[0] in main.commands:
                made = CliRunner().invoke(main, args)
                assert made.exit_code == 0, (args, made.output)
                self.valid.append(args[-1])
        self.hostile = [
            *self.inputs,
            *self.valid,
            str(db),  # the journal itself, as input and as output
            str(tmp / "missing" / "deeper" / "file.json"),
            str(self.out),
            "",
        ]

    def strategy(self, command: str) -> st.SearchStrategy[str]:
        # A file name from arbitrary text, kept inside the test's output folder.
        def inside(name: str, suffix: str) -> str:
            clean = name.replace("/", "_").replace("\x00", "_").strip(".") or "f"
            return str(self.out / (clean[:60] + suffix))

        fitting = {"chart": [".png", ".svg", ".pdf"], "report": [".pdf"]}.get(command)
        if command in ("import", "restore") and self.valid:  # mostly real files to read
            return st.one_of(st.sampled_from(self.valid), st.sampled_from(self.hostile))
        return st.one_of(
            st.sampled_from(self.hostile),
            st.builds(inside, st.text(max_size=20), st.sampled_from(fitting or SUFFIXES)),
            st.builds(inside, st.just("plain"), st.sampled_from(fitting or SUFFIXES)),
        )

    def snapshot(self) -> dict[str, int]:
        """Files in the output folder, the working folder and beside the journal."""
        beside = Path(self.db).parent
        found = [*self.out.rglob("*"), *beside.rglob("*"), *self.cwd.rglob("*")]
        skip = {self.db, self.db + "-wal", self.db + "-shm"}
        return {str(p): p.stat().st_size for p in found if p.is_file() and str(p) not in skip}


def is_path_param(param: click.Parameter) -> bool:
    return (param.name or "") in ("path", "out") or isinstance(param.type, click.Path | click.File)


def values_for(param: click.Parameter, command: str, files: Files) -> st.SearchStrategy[str]:
    """Mostly plausible values for PARAM, one time in four a hostile one."""
    kind = param.type
    if is_path_param(param):
        return files.strategy(command)
    if isinstance(kind, click.Choice):
        plausible: st.SearchStrategy[str] = st.sampled_from([str(c) for c in kind.choices])
    elif param.name in PLAUSIBLE:
        plausible = st.sampled_from(PLAUSIBLE[param.name])
    else:
        plausible = st.sampled_from(["1", "x", "Kopfschmerz"])
    if isinstance(kind, click.types.IntParamType | click.types.FloatParamType):
        hostile = number_texts()
    else:
        hostile = texts()
    return st.integers(0, 3).flatmap(lambda n: hostile if n == 0 else plausible)


# A stray argument may become a file name. No surrogates: a real process writes and
# prints such a name as the bytes it came as, but CliRunner's strict UTF-8 output cannot
# print it back (undecodable file names are tested with real processes below). No NUL:
# argv cannot carry one.
STRAY = st.one_of(
    st.sampled_from([t for t in NASTY if not any(0xD800 <= ord(c) <= 0xDFFF for c in t)]),
    st.text(max_size=20),
).filter(lambda t: "\x00" not in t)


def draw_args(data: st.DataObject, path: tuple[str, ...], files: Files) -> list[str]:
    """An argument list for the command at PATH, option by option."""
    command = command_at(path)
    args = list(path)
    chunks: list[list[str]] = []
    for param in command.params:
        if isinstance(param, click.Argument):
            if param.required or data.draw(st.booleans()):
                args.append(data.draw(values_for(param, path[0], files)))
            continue
        assert isinstance(param, click.Option)
        if param.name == "help":
            continue
        names = param.opts + param.secondary_opts
        wanted = param.required and data.draw(st.integers(0, 9)) > 0
        repeats = data.draw(st.integers(0, 3 if param.multiple else 1)) * data.draw(
            st.integers(0, 2).map(lambda n: int(n == 0))
        )
        for _ in range(max(repeats, int(wanted))):
            name = data.draw(st.sampled_from(names))
            if param.is_flag:
                chunks.append([name])
            else:
                chunks.append([name, data.draw(values_for(param, path[0], files))])
    for chunk in data.draw(st.permutations(chunks)) if chunks else []:
        args += chunk
    if data.draw(st.integers(0, 19)) == 0:
        args.append(data.draw(STRAY))  # a stray extra argument
    return args


@pytest.fixture
def journal_with_records(run: Invoke, migrated_db: Path) -> Path:
    """Something for ids, ends and edits to find: episodes 1-2, intakes 1-2, marker 1."""
    run("log", "--start", "3h ago", "--end", "1h ago", "--intensity", "6", "--type", "migraine")
    run("log", "--start", "30m ago", "--intensity", "3")
    run("take", "ibuprofen", "--dose", "400", "--at", "2h ago")
    run("take", "kratom", "--dose", "2", "--unit", "g")
    run("mark", "menstruation")
    return migrated_db


def check(args: list[str], db: Path, files: Files) -> None:
    before, out_before = dump(db), files.snapshot()
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    context = (args, result.exit_code, result.output, result.stderr)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(context) from result.exception
    assert result.exit_code in (0, 1, 2), context
    event(f"exit {result.exit_code}")  # --hypothesis-show-statistics shows the mix
    assert "Traceback" not in result.output + result.stderr, context
    assert "Unexpected failure" not in result.stderr, context
    if result.exit_code != 0:
        assert result.stderr.strip(), context  # one sentence saying why
        assert dump(db) == before, context
        assert files.snapshot() == out_before, context


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_any_arguments_give_0_1_or_2_and_a_failure_changes_nothing(
    path: tuple[str, ...],
    journal_with_records: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = Files(tmp_path, journal_with_records)
    monkeypatch.chdir(files.cwd)

    @settings(
        max_examples=EXAMPLES.get(path, DEFAULT_EXAMPLES),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(data=st.data())
    def property_(data: st.DataObject) -> None:
        check(draw_args(data, path, files), journal_with_records, files)
        # A run that moved or replaced the journal (restore, downgrade) must leave one
        # that the next command can open: put a working one back if it is gone.
        if not journal_with_records.exists():
            shutil.copy2(pristine, journal_with_records)

    pristine = tmp_path / "pristine.sqlite3"
    shutil.copy2(journal_with_records, pristine)
    property_()


def test_every_command_is_covered() -> None:
    """The list above is built from the command tree: it grows with it."""
    assert ("log",) in COMMANDS and ("remedies", "add") in COMMANDS
    assert len(COMMANDS) >= 25


# -- real processes, undecodable bytes in argv ------------------------------------------

BYTES_CASES = [
    ([b"log", b"--intensity", b"3", b"--note", b"caf\xe9 au lait"], b"--note"),
    ([b"log", b"--intensity", b"3", b"--start", b"\xff\xfe"], b"--start"),
    ([b"take", b"ibu\xc3\x28profen"], b"REMEDY"),
    ([b"mark", b"\x80\x81"], b"TAG"),
    ([b"remedies", b"add", b"\xed\xa0\x80", b"--class", b"simple"], b"NAME"),
    ([b"config", b"set", b"tz", b"Europe/\xffBerlin"], b"VALUE"),
    ([b"list", b"--from", b"2026-11-\xff"], b"--from"),
    ([b"summary", b"--week", b"\xc0\xaf"], b"--week"),
]


@pytest.mark.parametrize("argv, field", BYTES_CASES, ids=[c[0][0].decode() for c in BYTES_CASES])
def test_undecodable_bytes_in_argv_are_refused_by_name(
    journal_with_records: Path, argv: list[bytes], field: bytes
) -> None:
    before = dump(journal_with_records)
    result = run_journal(argv, journal_env(journal_with_records))
    assert result.returncode == 2, result
    assert field.decode() in one_sentence(result.stderr)
    assert dump(journal_with_records) == before


@pytest.mark.parametrize(
    "argv",
    [
        [b"backup", b"{dir}/copy-\xff\xfe.sqlite3"],
        [b"export", b"--format", b"json", b"--out", b"{dir}/export-\xe9.json"],
        [b"chart", b"days", b"--out", b"{dir}/chart-\x80.png"],
    ],
    ids=["backup", "export", "chart"],
)
def test_file_names_that_are_not_utf8_are_written_as_given(
    journal_with_records: Path, tmp_path: Path, argv: list[bytes]
) -> None:
    """Such names are legal on Linux (an old Latin-1 folder): they must just work."""
    if argv[0].decode() not in main.commands:
        pytest.skip(f"no {argv[0].decode()} command yet")
    folder = os.fsencode(tmp_path / "files")
    os.mkdir(folder)
    argv = [a.replace(b"{dir}", folder) for a in argv]
    result = run_journal(argv, journal_env(journal_with_records))
    assert result.returncode == 0, result.stderr
    assert os.listdir(folder) == [os.path.basename(argv[-1])]


def test_utf8_arguments_work_in_the_c_locale(journal_with_records: Path) -> None:
    env = journal_env(journal_with_records, LC_ALL="C", LANG="C")
    result = run_journal(["mark", "Kopfschmerz ü 頭痛", "--json"], env)
    assert result.returncode == 0, result.stderr
    assert '"tag": "kopfschmerz ü 頭痛"' in result.stdout
