"""A file of shipments checked: one row per shipment in, one row per (shipment, party) out.

Input (CSV, XLSX, Parquet or JSONL, by extension): one row per shipment with `item` and
`destination`, the parties in columns named for their roles (`purchaser`,
`intermediate_consignee`, `ultimate_consignee`, `end_user`, `other`; several names in one
cell separated by `|`; a party's country in `<role>_country`), and optional `id`, `date`,
`ofac_authorised` and the item facts (`foreign_produced`, `direct_product`,
`food_or_medicine`, `meu_supplement_2`, `supplement_7_746`, `project_end_use`: yes/no).
A bad row is reported with its line, field and reason and the run goes on.

Output (CSV or JSONL): per party its outcome, review policy, reasons and citations, with the
shipment's overall outcome; JSONL holds the whole determination of each shipment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict, Unpack

from entitylist.audit import kinds
from entitylist.audit.actors import Actor
from entitylist.determination.check import determine, screening_party
from entitylist.determination.inputs import FACTS, make_party, shipment_from, yes_no
from entitylist.determination.models import Determination, Role, Shipment
from entitylist.errors import InputError
from entitylist.screening.batch import RunReport, chunked_rows
from entitylist.screening.inputs import RowError, read_rows
from entitylist.screening.models import Party
from entitylist.screening.output_file import OutputFile, write_errors
from entitylist.screening.parallel import screen_chunks
from entitylist.screening.recorded import Record, batch_event
from entitylist.screening.screener import Screener

OUTPUT_COLUMNS = [
    "input_line",
    "shipment_id",
    "outcome",
    "review_policy",
    "party_name",
    "role",
    "party_outcome",
    "party_review_policy",
    "lists",
    "reasons",
    "citations",
]


@dataclass
class CheckReport(RunReport):
    outcomes: Counter[str] = field(default_factory=Counter)
    """Shipments counted by their overall outcome."""
    checked: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "checked": self.checked,
            "outcomes": dict(sorted(self.outcomes.items())),
            **self.files_dict(),
        }


class CheckOptions(TypedDict, total=False):
    """How a file is checked: the options `check_file` and its recorded form share."""

    workers: int
    progress: Callable[[int], None] | None
    on_error: Callable[[RowError], None] | None


@dataclass(frozen=True)
class ShipmentRow:
    line: int
    shipment: Shipment


def to_shipment(line: int, row: dict[str, Any]) -> ShipmentRow | RowError:
    ident = _text(row.get("id"))
    try:
        parties = [
            make_party(name, str(role), _text(row.get(f"{role}_country")))
            for role in Role
            for name in (_text(row.get(str(role))) or "").split("|")
            if name.strip()
        ]
        if not parties:
            raise InputError(
                "no party: fill at least one role column", details={"field": "parties"}
            )
        shipment = shipment_from(
            parties=parties,
            item=_text(row.get("item")) or "",
            destination=_text(row.get("destination")) or "",
            on=_text(row.get("date")),
            facts={name: row.get(name) for name in FACTS},
            ofac_authorised=bool(yes_no(row.get("ofac_authorised"), "ofac_authorised")),
            reference=ident or str(line),
        )
    except InputError as exc:
        where = exc.details.get("field") if isinstance(exc.details, dict) else None
        return RowError(line, exc.message, field=where, id=ident)
    return ShipmentRow(line, shipment)


def read_shipments(path: Path) -> Iterator[ShipmentRow | RowError]:
    for line, row in read_rows(path):
        yield row if isinstance(row, RowError) else to_shipment(line, row)


def check_file(
    screener: Screener, input_path: Path, output_path: Path, **options: Unpack[CheckOptions]
) -> CheckReport:
    """Check every shipment in `input_path` and write the results to `output_path`."""
    report = CheckReport(output=output_path)
    plan = screener.plan()  # fail closed before any reading
    progress, workers = options.get("progress"), options.get("workers", 1)
    with _Writer(output_path) as writer:  # in place only if the whole run completes
        chunks = chunked_rows(read_shipments(input_path), report, options.get("on_error"))
        for chunk, results in screen_chunks(plan, chunks, _parties, workers=workers):
            found = iter(results)
            for row in chunk:
                d = determine(row.shipment, [next(found) for _ in row.shipment.parties], plan)
                writer.write(row, d)
                report.checked += 1
                report.outcomes[str(d.outcome)] += 1
            if progress is not None:
                progress(len(chunk))
        if report.errors:
            report.errors_file = write_errors(output_path, report.errors)
    return report


def _parties(chunk: Sequence[ShipmentRow]) -> list[Party]:
    return [screening_party(p) for row in chunk for p in row.shipment.parties]


def output_rows(row: ShipmentRow, d: Determination) -> list[dict[str, Any]]:
    return [
        {
            "input_line": row.line,
            "shipment_id": d.shipment.reference,
            "outcome": str(d.outcome),
            "review_policy": str(d.policy) if d.policy else "",
            "party_name": p.party.name,
            "role": str(p.party.role),
            "party_outcome": str(p.outcome),
            "party_review_policy": str(p.policy) if p.policy else "",
            "lists": ";".join(dict.fromkeys(r.list_code for r in p.reasons if r.list_code)),
            "reasons": " | ".join(r.text for r in p.reasons),
            "citations": "; ".join(dict.fromkeys(c for r in p.reasons for c in r.citations)),
        }
        for p in d.parties
    ]


class _Writer(OutputFile):
    def __init__(self, path: Path) -> None:
        super().__init__(path, OUTPUT_COLUMNS)

    def write(self, row: ShipmentRow, d: Determination) -> None:
        if self.jsonl:
            self.write_records([{"input_line": row.line, **d.to_dict()}])
        else:
            self.write_rows(output_rows(row, d))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def recorded_check_file(
    screener: Screener,
    input_path: Path,
    output_path: Path,
    *,
    record: Record,
    actor: Actor,
    **options: Unpack[CheckOptions],
) -> CheckReport:
    """`check_file`, recorded once (kind `determination.batch`): the input and output files
    with their sha256 (the results are bound by the output's hash), snapshots, counts."""
    report = check_file(screener, input_path, output_path, **options)
    data = batch_event(screener, input_path, output_path, report.to_dict())
    record(kinds.DETERMINATION_BATCH, data, actor.text)
    return report
