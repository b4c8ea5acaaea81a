"""How long work says how far it has got: a callback its loops call with (done, total).

The exchange and report loops take an optional Progress and call it as they go; what
it shows (a bar on a terminal, nothing elsewhere) is the caller's business, so the
loops stay free of any user interface.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
