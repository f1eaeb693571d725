"""Dates given by people (`2022-09-07`, `2022-09-07T12:00`) as the times the library uses.

A bare date means a whole day, so it depends on the question: "published on 7 September"
is that day's start; "as of 7 September" and "until 7 September" include the whole day.
Times without a zone are UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from entitylist.errors import InputError


def parse_when(text: str | date, *, end_of_day: bool = False) -> datetime:
    """A UTC time from an ISO date or date-time; a bare date is its start (or its last
    microsecond with `end_of_day`)."""
    if isinstance(text, datetime):
        return text if text.tzinfo else text.replace(tzinfo=UTC)
    if isinstance(text, date):
        return _day(text, end_of_day)
    value = text.strip()
    try:
        if len(value) == 10:
            return _day(date.fromisoformat(value), end_of_day)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{text!r} is not a date: use YYYY-MM-DD (or an ISO date-time)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_day(text: str | date) -> date:
    """A calendar date (a ship date, an expiry day) from ISO text."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise InputError(f"{text!r} is not a date: use YYYY-MM-DD") from None


def leading_date(value: object) -> date | None:
    """The date an ISO text starts with (`2016-09-07`, or a timestamp starting with one), for
    fields published as dates that may be blank or malformed; None when there is none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip()[:10])
    except ValueError:
        return None


def optional_date(value: object) -> date | None:
    """A date that may be absent (None or blank) but is never malformed: a malformed one
    raises ValueError, which the caller reports with where it was read."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = str(value).strip()
    return date.fromisoformat(text[:10]) if text else None


def timestamp(text: object) -> datetime:
    """An aware UTC time from an ISO 8601 date-time as files and rows write it (`Z` or an
    offset; none means UTC); ValueError when it is not one."""
    when = datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def _day(day: date, end_of_day: bool) -> datetime:
    start = datetime.combine(day, time(0), tzinfo=UTC)
    return start + timedelta(days=1, microseconds=-1) if end_of_day else start


def utc(value: datetime) -> datetime:
    """A stored time as an aware UTC datetime: SQLite hands back naive ones, and everything
    is stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
