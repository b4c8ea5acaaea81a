"""The `journal` command: the click group, its commands, and the one error path."""

from __future__ import annotations

import os
from datetime import UTC
from typing import Any

import click

from journal import __version__
from journal.commands import (
    complete,
    days,
    episodes,
    exchange,
    intakes,
    manage,
    patterns,
    remind,
    report,
    review,
    treatments,
)
from journal.commands.common import COMMAND_KEY, App
from journal.errors import JournalError

INTERRUPTED = 130


class JournalGroup(click.Group):
    """Turns every failure into an exit code and one sentence; never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except (KeyboardInterrupt, click.Abort):
            click.echo("Interrupted; nothing was changed.", err=True)
            raise click.exceptions.Exit(INTERRUPTED) from None
        except JournalError as exc:
            raise _failure(str(exc), exc.exit_code) from None
        except OSError as exc:
            if getattr(exc, "errno", None) == 32:  # EPIPE: `journal list | head`
                raise
            raise _unexpected(ctx, exc) from None
        except Exception as exc:
            raise _unexpected(ctx, exc) from None


class _Failure(click.ClickException):
    exit_code = 1


class _BadInput(click.ClickException):
    exit_code = 2


def _failure(message: str, exit_code: int = 1) -> click.ClickException:
    """The exit code travels with the exception: 2 for bad input, 1 otherwise."""
    return (_BadInput if exit_code == 2 else _Failure)(message)


def _unexpected(ctx: click.Context, exc: BaseException) -> click.ClickException:
    app = ctx.find_object(App)
    if app is not None and type(exc).__module__.split(".")[0] in ("sqlalchemy", "sqlite3"):
        from journal.storage.failures import storage_message

        sentence = storage_message(exc, app.location)
        if sentence:
            return _failure(sentence)
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return _failure(f"{exc.strerror}{where}; nothing was changed.")
    command = ctx.meta.get(COMMAND_KEY) or f"journal {ctx.invoked_subcommand or ''}".strip()
    log = _log_failure(command, exc)
    detail = f"; details are in {log}" if log else ""
    return _failure(f"Unexpected failure ({type(exc).__name__}){detail}.")


def failure_report(command: str, exc: BaseException) -> str:
    """Where the program failed, for a bug report: the command's name, the exception
    types and the code's stack. Never argument values or exception messages, which can
    hold a password from --db-url, a patient's name or a note (SQLAlchemy puts the
    statement's parameters in its messages); only SQLite's and PostgreSQL's error codes.
    """
    import traceback
    from datetime import datetime

    from journal.storage.failures import sqlite_code, sqlstate

    lines = [f"--- {datetime.now(UTC).isoformat()} {command}\n"]
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for item in reversed(chain):
        lines.append("Traceback (most recent call last):\n")
        lines += traceback.StackSummary.extract(
            traceback.walk_tb(item.__traceback__), capture_locals=False
        ).format()
        code = getattr(item, "sqlite_errorname", None) or sqlstate(item) or sqlite_code(item)
        kind = f"{type(item).__module__}.{type(item).__qualname__}"
        lines.append(f"{kind}{f' ({code})' if code else ''}\n")
    return "".join(lines)


def _log_failure(command: str, exc: BaseException) -> str | None:
    """Keep where it failed for a bug report, in a private file, never on screen."""
    try:
        from platformdirs import user_log_dir

        folder = user_log_dir("headache-journal", appauthor=False)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        path = os.path.join(folder, "errors.log")
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(failure_report(command, exc))
        return path
    except OSError:
        return None


@click.group(cls=JournalGroup, invoke_without_command=True)
@click.option(
    "--db",
    "db_path",
    metavar="PATH",
    help="Journal file (default: user data dir).",
    shell_complete=complete.files,
)
@click.option("--db-url", metavar="URL", help="SQLAlchemy URL, e.g. postgresql+psycopg://...")
@click.version_option(__version__, prog_name="headache-journal")
@click.pass_context
def main(ctx: click.Context, db_path: str | None, db_url: str | None) -> None:
    """A private diary for headaches that linger into the next day.

    Log each episode, whether it was still there the next morning, and every remedy
    taken; review weekly summaries; watch for frequent-use patterns; hand a report
    to a clinician. It records and watches; it does not diagnose.

    \b
    Start with:
      journal log --intensity 6 --type migraine
      journal take ibuprofen --dose 400
      journal checkin --still-hurting --intensity 3
    """
    os.umask(0o077)  # everything the journal writes is the user's alone
    app = App(db_url, db_path)
    ctx.obj = app
    ctx.call_on_close(app.close)
    if ctx.invoked_subcommand is None:
        review.status_screen(app.journal)


for module in (
    episodes,
    intakes,
    days,
    treatments,
    manage,
    review,
    patterns,
    report,
    exchange,
    remind,
    complete,
):
    for command in module.COMMANDS:
        main.add_command(command)
