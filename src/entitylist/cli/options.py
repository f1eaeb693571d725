"""Options that mean the same on every command, declared once with their help text."""

from __future__ import annotations

from typing import Annotated

import typer

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
IdColumn = Annotated[
    str, typer.Option("--id-column", help="The input column holding each row's id.")
]
NameColumn = Annotated[
    str, typer.Option("--name-column", help="The input column holding the name.")
]
CountryColumn = Annotated[
    str,
    typer.Option(
        "--country-column", help="The input column holding the country (name or ISO code)."
    ),
]
AddressColumn = Annotated[
    str, typer.Option("--address-column", help="The input column holding the address.")
]
SourceOption = Annotated[
    str | None,
    typer.Option(
        "--source",
        "-s",
        help="Only this source (as `entitylist lists` names it); default: every source.",
    ),
]
ListsOption = Annotated[
    str | None,
    typer.Option("--lists", help="Only these list codes, comma-separated (e.g. EL,SDN,DPL)."),
]
ThresholdOption = Annotated[
    float | None,
    typer.Option(
        "--threshold",
        min=0.0,
        max=1.0,
        help="Show matches at or above this score (default: the review threshold).",
    ),
]


def split_lists(value: str | None) -> list[str] | None:
    """The list codes of a `--lists` value."""
    return [v for v in value.split(",") if v.strip()] if value else None
