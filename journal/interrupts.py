"""Ctrl-C at a safe moment: held back while a command works with the journal.

A KeyboardInterrupt can land anywhere, also inside a driver's commit or a pool's
clean-up, where libraries catch it, print a traceback and carry on. While `held()` is
active, SIGINT is only noted; `check()` turns a noted one into KeyboardInterrupt at a
point the caller chose (before its commit, so the transaction rolls back and nothing
changed). Once the commit has begun a noted interrupt is dropped: the command finishes,
says what it did and exits 0, which is the truth.

Held across a command's whole work with the database, not only its commit: a
KeyboardInterrupt raised inside a finalizer (SQLAlchemy's weak-reference callbacks,
a pool's reset) is printed as "Exception ignored" with a traceback and swallowed, and
the command would go on to commit. The command calls check() between its steps.

A block given FINISH=True that ends normally leaves SIGINT ignored for the rest of the
process: what is left is the tail of a finished command (closing the database,
interpreter shutdown), and a Ctrl-C there would otherwise end the process "by signal"
after it reported success. Ignored (not a Python handler) it stays so through
shutdown, when CPython puts its own handlers back to the default. Only commands use
this; tests that run commands in their own process put the handler back
(tests/conftest.py).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Hold:
    """SIGINT noted, not raised; see the module's docstring."""

    def __init__(self) -> None:
        self.pending = False

    def note(self, _signum: int, _frame: FrameType | None) -> None:
        self.pending = True

    def check(self) -> None:
        """Raise KeyboardInterrupt now if Ctrl-C was pressed while held."""
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt


@contextmanager
def held(*, finish: bool = False) -> Iterator[Hold]:
    """Hold SIGINT back for the block (a no-op outside the main thread)."""
    hold = Hold()
    if threading.current_thread() is not threading.main_thread():
        yield hold
        return
    previous = signal.signal(signal.SIGINT, hold.note)
    try:
        yield hold
    except BaseException:
        signal.signal(signal.SIGINT, previous)  # stopped: Ctrl-C works as before
        raise
    if hold.pending and not finish:
        signal.signal(signal.SIGINT, previous)
        raise KeyboardInterrupt  # pressed at the very end of a step that changed nothing
    # Done: after a commit nothing is left to interrupt; else Ctrl-C works as before.
    signal.signal(signal.SIGINT, signal.SIG_IGN if finish else previous)
