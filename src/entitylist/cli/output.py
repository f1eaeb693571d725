"""Rendering for the CLI: JSON for machines, rich tables for people."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

console = Console(highlight=False)


def emit_json(data: Any) -> None:
    # Plain print, not rich: JSON output must be byte-exact and unwrapped.
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


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
