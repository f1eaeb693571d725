"""Errors are values the user can act on: each says what went wrong and where.

Faces translate them: the CLI into a message and an exit code, the API into one JSON error
shape with the HTTP status each class carries.
"""

from __future__ import annotations

from typing import Any


def printable(text: str, limit: int = 300) -> str:
    """`text` fit for a one-line message: control characters (NUL, newlines) and lone
    surrogates escaped, and cut at `limit` characters with the rest counted."""
    shown = "".join(
        repr(c)[1:-1] if c < " " or c == "\x7f" or "\ud800" <= c <= "\udfff" else c
        for c in text[:limit]
    )
    more = len(text) - limit
    return shown + (f"... ({more} more characters)" if more > 0 else "")


class EntitylistError(Exception):
    """Base of every error this package raises on purpose."""

    status_code = 400
    code = "error"

    def __init_subclass__(
        cls, *, code: str | None = None, status: int | None = None, **kwargs: Any
    ) -> None:
        # Declared in the class line (`class NotFound(EntitylistError, code=..., status=404)`),
        # so that each error is one line saying what a face reports for it.
        super().__init_subclass__(**kwargs)
        if code is not None:
            cls.code = code
        if status is not None:
            cls.status_code = status

    def __init__(self, message: str, *, details: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class SourceFormatError(EntitylistError, code="source_format"):
    """A published file cannot be read as its format: names the file, line and field."""

    def __init__(
        self, message: str, *, file: str, line: int | None = None, field: str | None = None
    ) -> None:
        where = file + (f", line {line}" if line is not None else "")
        where += f", field {field!r}" if field else ""
        # One line, whatever the parser library said (lxml's messages end in newlines).
        text = printable(" ".join(f"{where}: {message}".split()), 1000)
        super().__init__(text, details={"file": file, "line": line, "field": field})
        self.file = file
        self.line = line
        self.field = field


def results_list(results: object, expected: str, *, file: str) -> list[Any]:
    """A JSON response's `results` when it is a list; else the file is refused, saying what
    was `expected` of it (the FR API's pages and the CSL's JSON are read this way)."""
    if not isinstance(results, list):
        raise SourceFormatError(f"expected {expected}", file=file, field="results")
    return results


class FetchError(EntitylistError, code="fetch_failed", status=502):
    """A list could not be downloaded or read from where it was asked for."""


class UpdateRefused(EntitylistError, code="update_refused", status=409):
    """A download was refused (empty, truncated, unparseable, shrunk too far); the last good
    snapshot stays in force."""


class UpdateFailed(EntitylistError, code="update_failed", status=500):
    """An update stopped on an unexpected exception (recorded and audited as a failed
    attempt); the last good snapshot stays in force."""


class NoListLoaded(EntitylistError, code="no_list_loaded", status=503):
    """Screening or reading was asked for where no list is in force: fail closed."""


class NotFound(EntitylistError, code="not_found", status=404):
    """What was asked for does not exist (an entry, a run, a key, a user)."""


class InputError(EntitylistError, code="bad_input", status=422):
    """A user's input (a batch file, a query) is unusable as a whole."""


class Stopped(EntitylistError, code="stopped", status=503):
    """A long run was stopped: the service shut down, or the run passed its time limit."""


class StoreUnavailable(EntitylistError, code="store_unavailable", status=503):
    """The database cannot be reached or opened: one line saying which and why."""
