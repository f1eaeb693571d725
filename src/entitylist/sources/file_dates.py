"""The date a published file states about itself (`model.FileDate`), format by format.

Only what a file really says: its generation time where the format carries one (UN XML
`dateGenerated`, the CSL JSON's `search_performed_at`), else the newest date on its rows
(CSL `start_date`, DPL `Last_Update`), which only bounds the publication from below. OFAC's
legacy CSV files carry no date at all. A row dated after today is a typing error, not news.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time

from entitylist.dates import timestamp
from entitylist.model import FileDate


def generated(text: object, field: str) -> FileDate | None:
    """The file's generation time from an ISO 8601 value (None when absent or unreadable)."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return FileDate(timestamp(text), field, "generated")
    except ValueError:
        return None


def newest_row(days: Iterable[date | None], field: str) -> FileDate | None:
    """The newest date on any row, not after today (None when no row has one)."""
    today = datetime.now(UTC).date()
    newest = max((d for d in days if d is not None and d <= today), default=None)
    if newest is None:
        return None
    return FileDate(datetime.combine(newest, time(), UTC), field, "newest_row")
