"""What an import reads: bounded bytes that can be read twice, and JSON read as a stream.

An import checks its whole source before it opens the journal, then reads it again while
it writes (journal/exchange/check.py, Incoming). Neither pass holds the whole file: a
regular file is read twice through one open descriptor (a file renamed over it meanwhile
is not seen), a pipe or device is first copied to a private temporary file; either way
at most MAX_BYTES are read, in chunks, and a digest of each pass must match before the
import commits. `JsonStream` walks the top-level object of a JSON file and hands over
one value (a record) at a time, decoded by the standard library.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from journal.errors import BadInput

# The largest file an import reads: fifty years of a busy diary are about 30 MB of JSON.
MAX_BYTES = 64 * 1024 * 1024
# A FHIR bundle says the same in about four times as many bytes (20 years: 40 MB); the
# FHIR reader streams too, so only the time it takes grows with it.
MAX_BUNDLE_BYTES = 160 * 1024 * 1024
READ_CHUNK = 1024 * 1024
# The largest single value (a record) a JSON import decodes at once.
MAX_VALUE = 4 * 1024 * 1024


def too_big(path: Path, limit: int = MAX_BYTES) -> BadInput:
    return BadInput(
        "PATH",
        f"{path} is larger than an export could be (over {limit // 2**20} MB); "
        "nothing was imported",
    )


class Source:
    """PATH's bytes, at most LIMIT, readable again; use as a context manager.

    `size` is the number of bytes (of a pipe or device: those it gave)."""

    def __init__(self, path: Path, limit: int = MAX_BYTES) -> None:
        self.path, self.limit = path, limit
        self.digest: bytes | None = None
        try:
            self._fh: IO[bytes] = open(path, "rb")  # noqa: SIM115 (closed in close())
        except OSError as exc:
            raise BadInput("PATH", f"cannot read {path}: {exc.strerror or exc}") from None
        try:
            mode = os.fstat(self._fh.fileno()).st_mode
            if stat.S_ISREG(mode):
                self.size = os.fstat(self._fh.fileno()).st_size
                if self.size > limit:
                    raise too_big(path, limit)
            else:
                self._spool()
        except BaseException:
            self._fh.close()
            raise

    def _spool(self) -> None:
        """Copy a pipe or device (bounded) to a private temporary file."""
        spooled = tempfile.TemporaryFile()  # noqa: SIM115 (replaces self._fh)
        total = 0
        try:
            while chunk := self._read(self._fh):
                total += len(chunk)
                if total > self.limit:
                    raise too_big(self.path, self.limit)
                spooled.write(chunk)
        except BaseException:
            spooled.close()
            raise
        self._fh.close()
        self._fh = spooled
        self.size = total

    def _read(self, fh: IO[bytes]) -> bytes:
        try:
            return fh.read(READ_CHUNK)
        except OSError as exc:
            raise BadInput("PATH", f"cannot read {self.path}: {exc.strerror or exc}") from None

    def chunks(self) -> Iterator[bytes]:
        """The bytes from the start, in chunks; the digest of a complete pass is compared
        with the first one's (the file changed between the passes: refused)."""
        self._fh.seek(0)
        digest = hashlib.sha256()
        total = 0
        while chunk := self._read(self._fh):
            total += len(chunk)
            if total > self.limit:
                raise too_big(self.path, self.limit)
            digest.update(chunk)
            yield chunk
        done = digest.digest()
        if self.digest is None:
            self.digest = done
        elif done != self.digest:
            raise BadInput(
                "PATH", f"{self.path} changed while it was imported; nothing was imported"
            )

    def text(self, encoding: str = "utf-8") -> Iterator[str]:
        """The text, decoded incrementally; a bad byte is refused with its offset."""
        decoder = codecs.getincrementaldecoder(encoding)()
        offset = 0
        for chunk in self.chunks():
            try:
                yield decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise NotText(offset + exc.start) from None
            offset += len(chunk)
        try:
            yield decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise NotText(offset + exc.start) from None

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class NotText(ValueError):
    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


class JsonError(ValueError):
    """Invalid JSON at LINE and COLUMN; SHORT when the text ends inside a value."""

    def __init__(self, message: str, line: int, column: int, *, short: bool = False) -> None:
        super().__init__(message)
        self.message, self.line, self.column, self.short = message, line, column, short


class Nested(ValueError):
    """JSON nested beyond what the decoder's recursion allows."""


def _no_constants(token: str) -> Any:
    raise ValueError(f"{token} is not a number JSON allows")


class HugeNumber:
    """A whole number too long for any field, kept as its length: Python refuses to read
    one of over 4300 digits (and no field holds one of over 20), so the check of the
    field it stands in refuses it by name."""

    DIGITS = 100

    def __init__(self, text: str) -> None:
        self.digits = len(text.lstrip("-"))

    def __repr__(self) -> str:
        return f"a whole number of {self.digits} digits"


def _whole(text: str) -> int | HugeNumber:
    return int(text) if len(text) <= HugeNumber.DIGITS else HugeNumber(text)


_DECODER = json.JSONDecoder(parse_constant=_no_constants, parse_int=_whole)
_SPACE = " \t\n\r"
_AFTER_NUMBER = _SPACE + ",]}"


class JsonStream:
    """The JSON text of CHUNKS, walked one value at a time with a bounded buffer."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._line = 1  # the line at the start of the buffer
        self._col0 = 0  # characters on that line before the buffer starts

    def _more(self) -> bool:
        if self._eof:
            return False
        if self._pos > READ_CHUNK:  # drop what was read, keeping count of its lines
            dropped = self._buf[: self._pos]
            lines = dropped.count("\n")
            self._line += lines
            self._col0 = (
                len(dropped) - dropped.rfind("\n") - 1 if lines else self._col0 + len(dropped)
            )
            self._buf, self._pos = self._buf[self._pos :], 0
        for piece in self._chunks:
            if piece:
                self._buf += piece
                return True
        self._eof = True
        return False

    def error(self, message: str, at: int | None = None, *, short: bool = False) -> JsonError:
        at = self._pos if at is None else at
        short = short or (self._eof and at >= len(self._buf.rstrip()))
        lines = self._buf.count("\n", 0, at)
        column = at - self._buf.rfind("\n", 0, at) if lines else self._col0 + at + 1
        return JsonError(message, self._line + lines, column, short=short)

    def _skip_space(self) -> None:
        while True:
            while self._pos < len(self._buf) and self._buf[self._pos] in _SPACE:
                self._pos += 1
            if self._pos < len(self._buf) or not self._more():
                return

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        self._skip_space()
        return self._buf[self._pos] if self._pos < len(self._buf) else ""

    def take(self, char: str) -> None:
        found = self.peek()
        if found != char:
            if not found:
                raise self.error(f"Expecting '{char}'", short=True)
            raise self.error(f"Expecting '{char}'")
        self._pos += 1

    def value(self) -> Any:
        """The next value, decoded whole (a record; refused beyond MAX_VALUE)."""
        self._skip_space()
        while True:
            try:
                result, end = _DECODER.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if self._grow():
                    continue
                short = exc.pos >= len(self._buf.rstrip()) or exc.msg.startswith("Unterminated")
                raise self.error(exc.msg, exc.pos, short=short) from None
            except RecursionError:
                raise Nested() from None
            # A number may go on in the next chunk ("1.5" of "1.5e-7"): it ends only
            # where a delimiter follows; decode it again with more text.
            number = isinstance(result, int | float | HugeNumber) and not isinstance(result, bool)
            if (
                number
                and (end >= len(self._buf) or self._buf[end] not in _AFTER_NUMBER)
                and self._grow()
            ):
                continue
            self._pos = end
            return result

    def _grow(self) -> bool:
        if len(self._buf) - self._pos > MAX_VALUE:
            raise self.error(f"holds a value larger than {MAX_VALUE // 2**20} MB")
        return self._more()

    def end(self) -> None:
        if self.peek():
            raise self.error("Extra data")

    def members(self) -> Iterator[str]:
        """The keys of the object that starts here; the caller reads each one's value."""
        self.take("{")
        if self.peek() == "}":
            self._pos += 1
            return
        while True:
            if self.peek() != '"':
                raise self.error("Expecting property name enclosed in double quotes")
            key = self.value()
            self.take(":")
            yield key
            if self.peek() == ",":
                self._pos += 1
                continue
            self.take("}")
            return

    def items(self) -> Iterator[Any]:
        """The values of the array that starts here, one at a time."""
        self.take("[")
        if self.peek() == "]":
            self._pos += 1
            return
        while True:
            yield self.value()
            if self.peek() == ",":
                self._pos += 1
                continue
            self.take("]")
            return
