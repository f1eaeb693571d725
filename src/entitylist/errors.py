"""Errors are values the user can act on: each says what went wrong and where.

Faces translate them: the CLI into a message and an exit code, the API into one JSON error
shape with the HTTP status each class carries.
"""

from __future__ import annotations


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

    def __init__(self, message: str, *, details: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class SourceFormatError(EntitylistError):
    """A published file cannot be read as its format: names the file, line and field."""

    code = "source_format"

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


class FetchError(EntitylistError):
    """A list could not be downloaded or read from where it was asked for."""

    code = "fetch_failed"
    status_code = 502


class UpdateRefused(EntitylistError):
    """A download was refused (empty, truncated, unparseable, shrunk too far); the last good
    snapshot stays in force."""

    code = "update_refused"
    status_code = 409


class UpdateFailed(EntitylistError):
    """An update stopped on an unexpected exception (recorded and audited as a failed
    attempt); the last good snapshot stays in force."""

    code = "update_failed"
    status_code = 500


class NoListLoaded(EntitylistError):
    """Screening or reading was asked for where no list is in force: fail closed."""

    code = "no_list_loaded"
    status_code = 503


class NotFound(EntitylistError):
    code = "not_found"
    status_code = 404


class InputError(EntitylistError):
    """A user's input (a batch file, a query) is unusable as a whole."""

    code = "bad_input"
    status_code = 422


class Stopped(EntitylistError):
    """A long run was stopped: the service shut down, or the run passed its time limit."""

    code = "stopped"
    status_code = 503


class StoreUnavailable(EntitylistError):
    """The database cannot be reached or opened: one line saying which and why."""

    code = "store_unavailable"
    status_code = 503
