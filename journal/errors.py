"""The journal's exceptions: one family, turned into exit codes in one place (cli.py)."""

from __future__ import annotations


class JournalError(Exception):
    """A runtime failure the user should read as one sentence (exit 1)."""

    exit_code = 1


class BadInput(JournalError):
    """Input that cannot be accepted; the message names the field (exit 2)."""

    exit_code = 2

    def __init__(self, field: str, message: str, *, prefix: bool = True) -> None:
        self.field = field
        super().__init__(f"{field}: {message}" if prefix else message)


def exclusive(first: str, second: str) -> BadInput:
    """Two options given together that exclude each other."""
    return BadInput(first, f"{first} and {second} exclude each other", prefix=False)


class NotFound(JournalError):
    """A record named by id does not exist (exit 1)."""


class StorageError(JournalError):
    """The journal file or server cannot be used as asked (exit 1)."""
