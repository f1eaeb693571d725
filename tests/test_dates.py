"""The date parsers: dates people type, dates files publish, and ISO timestamps."""

from datetime import UTC, date, datetime, timedelta

import pytest

from entitylist.dates import leading_date, optional_date, parse_day, parse_when, timestamp
from entitylist.errors import InputError


def test_a_bare_date_is_the_start_of_its_day_or_with_end_of_day_its_last_microsecond() -> None:
    assert parse_when("2022-09-07") == datetime(2022, 9, 7, tzinfo=UTC)
    end = parse_when("2022-09-07", end_of_day=True)
    assert end + timedelta(microseconds=1) == datetime(2022, 9, 8, tzinfo=UTC)


def test_a_typed_date_that_is_not_one_is_refused_with_the_value() -> None:
    with pytest.raises(InputError, match="'07/09/2022' is not a date"):
        parse_when("07/09/2022")
    with pytest.raises(InputError, match="'tomorrow' is not a date"):
        parse_day("tomorrow")


def test_a_published_date_is_read_from_the_start_of_a_date_or_a_timestamp() -> None:
    assert leading_date("2016-09-07") == date(2016, 9, 7)
    assert leading_date("2016-09-07T12:30:00Z") == date(2016, 9, 7)
    assert leading_date(datetime(2016, 9, 7, 23, tzinfo=UTC)) == date(2016, 9, 7)


@pytest.mark.parametrize("value", [None, "", "  ", "n/a", "2016-13-01", "07.09.2016"])
def test_a_blank_or_malformed_published_date_is_no_date(value: object) -> None:
    assert leading_date(value) is None


def test_an_optional_date_may_be_absent_but_never_malformed() -> None:
    assert optional_date(None) is None
    assert optional_date(" ") is None
    assert optional_date("2024-01-02T00:00:00") == date(2024, 1, 2)
    with pytest.raises(ValueError):
        optional_date("2024-02-30")


def test_a_timestamp_is_aware_utc_whatever_zone_it_was_written_in() -> None:
    assert timestamp("2024-01-02T03:04:05Z") == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert timestamp("2024-01-02T05:04:05+02:00") == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert timestamp("2024-01-02T03:04:05").tzinfo == UTC
    assert timestamp("2024-01-02T03:04:05+02:00").utcoffset() == timedelta(0)
    with pytest.raises(ValueError):
        timestamp("yesterday")
