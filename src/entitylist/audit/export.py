"""Writing audit events to a file an auditor can read and re-verify: CSV or JSONL.

Each row carries seq, time, kind, actor, data (canonical JSON), prev_hash and hash, so the
recipient can recompute every hash and check the links (`entitylist.audit.chain`).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from entitylist.audit.chain import AuditEvent, Verification, utc_text, verify_chain
from entitylist.cells import SafeWriter, original_text
from entitylist.dates import timestamp
from entitylist.errors import InputError

COLUMNS = ["seq", "recorded_at", "kind", "actor", "data", "prev_hash", "hash"]


@dataclass(frozen=True)
class ExportOutcome:
    path: Path
    format: str
    count: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "path": str(self.path)}


def export_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise InputError(f"{path}: the audit export is written as .csv or .jsonl")
    return suffix[1:]


def write_events(events: Iterable[AuditEvent], path: Path) -> ExportOutcome:
    fmt = export_format(path)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        if fmt == "csv":
            writer = SafeWriter(handle)
            writer.writerow(COLUMNS)
            for e in events:
                writer.writerow(
                    [
                        e.seq,
                        utc_text(e.recorded_at),
                        e.kind,
                        e.actor or "",
                        e.data_text,
                        e.prev_hash or "",
                        e.hash,
                    ]
                )
                count += 1
        else:
            for e in events:
                row = e.to_dict()
                # The exact hashed text travels beside the parsed data, for re-verification.
                row["data_text"] = e.data_text
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return ExportOutcome(path, fmt, count, digest)


def read_events(path: Path) -> list[AuditEvent]:
    """The events of an export (CSV or JSONL) as they were hashed: CSV cells neutralised
    against formulas are read back to their original text first."""
    fmt = export_format(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            if fmt == "jsonl":
                return [_event(json.loads(line), "data_text") for line in handle if line.strip()]
            rows = csv.DictReader(handle)
            return [_event({k: original_text(v) for k, v in r.items()}, "data") for r in rows]
    except (KeyError, ValueError, TypeError) as exc:
        raise InputError(f"{path}: not an audit export ({exc})") from exc


def _event(row: dict[str, Any], data: str) -> AuditEvent:
    return AuditEvent(
        int(row["seq"]),
        timestamp(row["recorded_at"]),
        str(row["kind"]),
        row["actor"] or None,
        str(row[data]),
        row["prev_hash"] or None,
        str(row["hash"]),
    )


def verify_export(path: Path) -> Verification:
    """Recompute every hash and link of an export, from its first event's link on."""
    events = read_events(path)
    if not events:
        return verify_chain([])
    return verify_chain(events, start_seq=events[0].seq, start_prev_hash=events[0].prev_hash)
