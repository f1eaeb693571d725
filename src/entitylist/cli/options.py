"""Options that mean the same on every command, declared once with their help text."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
SummaryJsonFlag = Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")]
ResultsOption = Annotated[Path, typer.Option("--output", "-o", help="Results: .csv or .jsonl")]


def batch_input(metavar: str) -> Any:
    """The file a batch command reads, in any of the formats `screening.inputs` reads."""
    return typer.Argument(metavar=metavar, help="CSV, XLSX, Parquet or JSONL.")


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


EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="Where the matching runs: local (processes on this machine) or spark "
        "(Spark executors; needs the spark extra and Java 17+; see docs/spark.md).",
    ),
]
MasterOption = Annotated[
    str | None,
    typer.Option(
        "--master",
        metavar="URL",
        help="Spark master for --engine spark (local[2], yarn, k8s://..., spark://...); "
        "default: spark-submit's or the Spark configuration's.",
    ),
]
SparkConfOption = Annotated[
    list[str] | None,
    typer.Option(
        "--spark-conf",
        metavar="KEY=VALUE",
        help="A Spark setting for --engine spark (repeatable), e.g. spark.executor.memory=4g.",
    ),
]

PartitionRowsOption = Annotated[
    int | None,
    typer.Option(
        "--partition-rows",
        min=1,
        help="Names per Spark task for --engine spark (default 2,000: about a second of "
        "work per task; see docs/spark.md).",
    ),
]
