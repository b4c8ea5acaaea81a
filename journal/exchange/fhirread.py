"""Reading a FHIR bundle this program wrote back into records (journal/exchange/fhir.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from journal.exchange.check import Incoming, RecordError
from journal.exchange.source import Source


def read_fhir(source: Source, *, now: datetime | None = None) -> Incoming:
    raise RecordError(
        str(source.path),
        None,
        "is a FHIR bundle, which is for clinicians; import reads the json export",
    )


__all__ = ["Any", "read_fhir"]
