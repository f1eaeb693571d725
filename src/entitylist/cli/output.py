"""Rendering for the CLI: JSON for machines, rich tables for people."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    from entitylist.screening.inputs import RowError

console = Console(highlight=False)


class Listable(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def emit_json(data: Any) -> None:
    # Plain print, not rich: JSON output must be byte-exact and unwrapped.
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def emit(data: Any, said: str, *, json_: bool) -> None:
    """What a command did: `data` as JSON for machines, else `said` for people."""
    if json_:
        emit_json(data)
    else:
        console.print(said)


def listed(
    records: Sequence[Listable],
    *,
    json_: bool,
    columns: Sequence[str],
    row: Callable[[Any], Sequence[str]],
    empty: str | None = None,
) -> None:
    """A list command's records: as JSON, else a table of `row(record)` under `columns`, or
    `empty` (what to do to have some) when there are none and it is given."""
    if json_:
        emit_json([r.to_dict() for r in records])
        return
    if not records and empty is not None:
        console.print(empty)
        return
    table = Table(*columns)
    for record in records:
        table.add_row(*row(record))
    console.print(table)


def progress_bar(label: str, *, disable: bool = False) -> Progress:
    """The bar long commands show on stderr (count, elapsed time), gone when done."""
    from entitylist.cli.app import err_console

    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=disable,
    )


def row_error_printer(input_path: Path) -> Callable[[RowError], None]:
    """What a batch command does with a bad row: name the file and line on stderr."""
    from entitylist.cli.app import err_console

    def report_error(error: RowError) -> None:
        err_console.print(
            f"[yellow]{input_path}, line {error.line}:[/] {error.reason}", highlight=False
        )

    return report_error
