"""The Journal: one class, assembled from the front door's parts."""

from __future__ import annotations

from journal.api.entries import EntriesMixin
from journal.api.review import ReviewMixin


class Journal(ReviewMixin, EntriesMixin):
    """One journal: open it, write and read entries, look back (see journal.api)."""
