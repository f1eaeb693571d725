"""Errors: each carries the code and HTTP status a face reports, and says what and where."""

import pytest

from entitylist.errors import (
    EntitylistError,
    InputError,
    NotFound,
    SourceFormatError,
    printable,
)


def test_an_error_declares_its_code_and_status_in_its_class_line() -> None:
    assert (NotFound.code, NotFound.status_code) == ("not_found", 404)
    assert (InputError.code, InputError.status_code) == ("bad_input", 422)


def test_an_error_that_declares_no_status_keeps_its_parents() -> None:
    class Refined(InputError, code="refined"):
        pass

    assert (Refined.code, Refined.status_code) == ("refined", 422)
    assert (SourceFormatError.code, SourceFormatError.status_code) == ("source_format", 400)


def test_a_source_format_error_names_the_file_line_and_field() -> None:
    error = SourceFormatError("not a date\n", file="dpl.txt", line=7, field="Effective_Date")
    assert error.message == "dpl.txt, line 7, field 'Effective_Date': not a date"
    assert error.details == {"file": "dpl.txt", "line": 7, "field": "Effective_Date"}


def test_a_message_is_one_printable_line() -> None:
    assert printable("a\nb\x00") == "a\\nb\\x00"
    assert printable("x" * 305, 300).endswith("... (5 more characters)")


def test_an_error_is_raised_and_caught_as_the_package_base() -> None:
    with pytest.raises(EntitylistError, match="no entry 3"):
        raise NotFound("no entry 3")
