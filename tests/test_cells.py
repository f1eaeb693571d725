"""Cells the project writes to CSV are never live formulas, and the original text comes back."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from entitylist.cells import TRIGGERS, SafeDictWriter, SafeWriter, original_text, safe_text


def test_text_a_spreadsheet_would_evaluate_gets_a_leading_apostrophe() -> None:
    for text in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_text(text) == "'" + text
    assert safe_text("Acme Co") == "Acme Co"
    assert safe_text("'s-Hertogenbosch BV") == "'s-Hertogenbosch BV"
    assert safe_text("'=already quoted") == "''=already quoted"


@given(st.text())
def test_the_original_is_recoverable_from_every_cell(text: str) -> None:
    cell = safe_text(text)
    assert original_text(cell) == text
    assert cell[:1] not in TRIGGERS


def test_the_writers_neutralise_text_cells_only() -> None:
    out = io.StringIO()
    SafeWriter(out).writerow(["=evil()", 1.5, -2, True, "fine"])
    writer = SafeDictWriter(out, fieldnames=["a", "b"])
    writer.writerow({"a": "@x", "b": -0.5})
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["'=evil()", "1.5", "-2", "True", "fine"], ["'@x", "-0.5"]]
