"""Exports a compliance officer can act on: batch and queue results as XLSX or CSV.

Pipeline position: a service over screening and monitoring, below the faces. Rows come
from a batch job's results (the `screen-file` contract, read back) or from the alert
queue; each row is one party against one listed entry, with the `result` (`clear`,
`review`, `alert`), what the listing means, the licence requirement and review policy,
the Federal Register citations, the listing date (marked when derived), the programs, the
readable entry key and the decision in force. CSV is written with a UTF-8 byte-order mark
(so spreadsheets read it as UTF-8); every text cell goes through `entitylist.cells` in both
formats (openpyxl would otherwise store `=...` as a live formula). Each export records one
`export` audit event with the sha256 of the bytes written.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entitylist.audit import kinds
from entitylist.audit.actors import Actor
from entitylist.audit.views import COLUMNS as AUDIT_COLUMNS
from entitylist.audit.views import EventFilter, iter_readable
from entitylist.cells import SafeWriter, original_text, safe_cell
from entitylist.errors import InputError
from entitylist.federal_register.listing import listing_date
from entitylist.federal_register.rules import RuleIndex
from entitylist.sources.meanings import meaning_of
from entitylist.store import Store, StoredEntry

FORMATS = ("xlsx", "csv")
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
COLUMNS: tuple[tuple[str, str], ...] = (
    ("result", "Result"),
    ("party_id", "Party ID"),
    ("party_name", "Party name"),
    ("party_country", "Party country"),
    ("score", "Score"),
    ("list", "List"),
    ("list_meaning", "What the listing means"),
    ("entry_key", "Entry key"),
    ("entry_name", "Listed name"),
    ("matched_name", "Matched name"),
    ("entry_countries", "Entry countries"),
    ("programs", "Programs"),
    ("licence_requirement", "Licence requirement"),
    ("review_policy", "Review policy"),
    ("citations", "Federal Register citations"),
    ("listed", "Listing date"),
    ("decision", "Decision in force"),
    ("decided_by", "Decided by"),
    ("approved_by", "Approved by"),
    ("decided_at", "Decided at"),
    ("decision_expires", "Decision expires"),
    ("decision_reason", "Decision reason"),
    ("status", "Status"),
    ("alert_id", "Alert"),
    ("why", "Why it matched"),
    ("source", "Source"),
    ("source_id", "Source ID"),
    ("input_line", "Input line"),
)
KEYS = tuple(key for key, _ in COLUMNS)
HEADERS = tuple(header for _, header in COLUMNS)
# Characters XML 1.0 (so XLSX) cannot hold; shown as an escape so the value is not lost.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

Record = Callable[[str, Mapping[str, Any], str | None], object]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    rows: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {"format": self.format, "rows": self.rows, "sha256": self.sha256}


def export_format(value: str) -> str:
    fmt = value.strip().lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(f"an export is written as {' or '.join(FORMATS)}, not {value!r}")
    return fmt


# -- rows ------------------------------------------------------------------------------


def entry_columns(stored: StoredEntry | None, rules: RuleIndex) -> dict[str, Any]:
    """What a row says about the listed entry: meaning, licence, citations, listing date."""
    if stored is None:
        return {}
    e = stored.entry
    meaning = meaning_of(e.list_code)
    listed = listing_date(e, rules)
    return {
        "list": e.list_code,
        "list_meaning": f"{meaning.plain} ({meaning.regulation})" if meaning else "",
        "entry_key": e.key,
        "entry_name": e.name,
        "entry_countries": "; ".join(e.countries),
        "programs": "; ".join(e.programs),
        "licence_requirement": e.licence.requirement_text if e.licence else "",
        "review_policy": e.licence.policy_text if e.licence else "",
        "citations": "; ".join(c.text for c in e.citations),
        "listed": listed.describe() if listed else "",
        "source": stored.source,
        "source_id": e.source_id,
    }


def decision_columns(decision: Mapping[str, Any] | None) -> dict[str, Any]:
    if not decision:
        return {"decision": "none"}
    verdict = str(decision.get("verdict", "")).replace("_", " ")
    # Where a four-eyes false positive stands: it suppresses nothing until approved.
    stands = {"pending": " (pending approval)", "approved": " (approved)"}
    approval = str(decision.get("approval") or "")
    return {
        "decision": verdict + stands.get(approval, f" ({approval})" if approval else ""),
        "decided_by": decision.get("by") or "",
        "approved_by": decision.get("approver") or "",
        "decided_at": decision.get("decided_at") or "",
        "decision_expires": decision.get("expires_at") or "",
        "decision_reason": decision.get("reason") or "",
    }


def _read_results(results: Path) -> list[dict[str, str]]:
    with results.open(encoding="utf-8", newline="") as handle:
        return [{k: original_text(v or "") for k, v in r.items()} for r in csv.DictReader(handle)]


def _entry_id(raw: Mapping[str, str]) -> int | None:
    text = raw.get("entry_id", "")
    return int(text) if text.isdigit() else None


def batch_rows(store: Store, results: Path) -> Iterator[dict[str, Any]]:
    """A batch job's results (the `screen-file` CSV) as export rows, one per party and hit
    (a party with no hit: one `clear` row)."""
    return iter(_enriched(store, _read_results(results)))


def batch_hits(
    store: Store, results: Path, *, offset: int = 0, limit: int = 200
) -> tuple[int, list[dict[str, Any]]]:
    """The hits of a batch job's results (clear rows left out), one page of them, with the
    number of hits in all: what the batch page shows."""
    hits = [r for r in _read_results(results) if _entry_id(r) is not None]
    return len(hits), _enriched(store, hits[offset : offset + limit])


def _enriched(store: Store, raw: Sequence[Mapping[str, str]]) -> list[dict[str, Any]]:
    """The decision in force is the one monitoring applies to the monitored party with the
    row's input id, on the same entry version (a batch row names no party version of its
    own, so only a monitored party can carry a decision)."""
    ids = sorted({i for r in raw if (i := _entry_id(r)) is not None})
    entries = {s.id: s for s in store.entries_by_ids(ids)}
    rules = RuleIndex.of(store.fr_documents())
    decided = _monitored_decisions(store, {r.get("input_id", "") for r in raw} - {""})
    out = []
    for r in raw:
        entry_id = _entry_id(r)
        stored = entries.get(entry_id) if entry_id is not None else None
        result = "clear" if entry_id is None else ("alert" if r["alert"] == "true" else "review")
        row: dict[str, Any] = {
            "result": result,
            "party_id": r.get("input_id", ""),
            "party_name": r.get("input_name", ""),
            "party_country": r.get("input_country", ""),
            "score": float(r["score"]) if r.get("score") else "",
            "matched_name": r.get("matched_name", ""),
            "why": r.get("summary", ""),
            "input_line": int(r["input_line"]) if r.get("input_line", "").isdigit() else "",
            "entry_id": entry_id,
            **entry_columns(stored, rules),
        }
        if stored is not None:
            row.update(decision_columns(decided.get((row["party_id"], stored.id))))
        out.append(row)
    return out


def _monitored_decisions(
    store: Store, party_ids: set[str]
) -> dict[tuple[str, int], Mapping[str, Any]]:
    from entitylist.monitoring.views import current_hits

    if not party_ids:
        return {}
    return {
        (h["party_id"], h["entry"]["entry_id"]): h["decision"]
        for h in current_hits(store)
        if h["party_id"] in party_ids and h["decision"] is not None
    }


def alert_rows(store: Store, alerts: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """Queue alerts as export rows: one per row an alert stands for (the DPL's four
    `AL NASER AIRLINES` rows are four rows with one alert id)."""
    found = list(alerts)
    ids = sorted({r["entry"]["entry_id"] for a in found for r in a["rows"]})
    entries = {s.id: s for s in store.entries_by_ids(ids)}
    rules = RuleIndex.of(store.fr_documents())
    for alert in found:
        party = alert["party"]
        status = str(alert.get("status", "")).replace("_", " ")
        for r in alert["rows"]:
            stored = entries.get(r["entry"]["entry_id"])
            yield {
                "result": "alert" if r.get("alert", alert["alert"]) else "review",
                "party_id": party["id"],
                "party_name": party.get("name") or "",
                "party_country": party.get("country") or "",
                "score": r["score"],
                "matched_name": r.get("matched_name") or alert.get("matched_name") or "",
                "status": f"{status} (escalated)" if alert.get("escalated") else status,
                "alert_id": alert["id"],
                "why": r.get("summary") or alert.get("grouping") or "",
                **entry_columns(stored, rules),
                **decision_columns(r.get("decision")),
            }


# -- writing ---------------------------------------------------------------------------


def _escape(found: re.Match[str]) -> str:
    return f"\\x{ord(found.group()):02x}"


def _cell(value: Any) -> Any:
    return safe_cell(_NOT_XML.sub(_escape, value)) if isinstance(value, str) else value


Columns = Sequence[tuple[str, str]]
"""(key in the row, header people read), in order."""
WIDE = frozenset({"list_meaning", "licence_requirement", "review_policy", "why", "reason"})


def write_csv(rows: Iterable[Mapping[str, Any]], path: Path, columns: Columns = COLUMNS) -> int:
    count = 0
    keys = [key for key, _ in columns]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = SafeWriter(handle)
        writer.writerow([header for _, header in columns])
        for row in rows:
            writer.writerow([row.get(k, "") for k in keys])
            count += 1
    return count


def write_xlsx(
    rows: Iterable[Mapping[str, Any]], path: Path, *, title: str, columns: Columns = COLUMNS
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    keys = [key for key, _ in columns]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for i, key in enumerate(keys, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = 48 if key in WIDE else 22
    header = []
    for _, text in columns:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([_cell(row.get(k, "")) for k in keys])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{count + 1}"
    book.save(path)
    return count


def write_export(
    rows: Iterable[Mapping[str, Any]],
    path: Path,
    fmt: str,
    *,
    what: str,
    record: Record,
    actor: Actor,
    about: Mapping[str, Any] | None = None,
    columns: Columns = COLUMNS,
    kind: str = kinds.EXPORT,
) -> ExportResult:
    """Write `rows` to `path` as `fmt` and record one `kind` event naming what it is."""
    fmt = export_format(fmt)
    if fmt == "csv":
        count = write_csv(rows, path, columns)
    else:
        count = write_xlsx(rows, path, title=what.replace(".", " "), columns=columns)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    data = {"what": what, **(about or {}), "format": fmt, "rows": count, "sha256": digest}
    record(kind, data, actor.text)
    return ExportResult(path, fmt, count, digest)


def export_batch(
    store: Store,
    results: Path,
    path: Path,
    fmt: str,
    *,
    record: Record,
    actor: Actor,
    job_id: str | None = None,
) -> ExportResult:
    """A batch job's (or `screen-file`'s) results as a compliance export; audited once."""
    about = {"job": job_id} if job_id else {"results": results.name}
    rows = batch_rows(store, results)
    return write_export(
        rows, path, fmt, what="batch.report", record=record, actor=actor, about=about
    )


def export_alerts(
    store: Store,
    alerts: Sequence[Mapping[str, Any]],
    path: Path,
    fmt: str,
    *,
    record: Record,
    actor: Actor,
    filters: Mapping[str, Any] | None = None,
) -> ExportResult:
    """Alerts of the queue (as the caller filtered them) as a compliance export; audited."""
    about = {"alerts": len(alerts), "filters": dict(filters or {})}
    rows = alert_rows(store, alerts)
    return write_export(rows, path, fmt, what="queue", record=record, actor=actor, about=about)


def export_audit(
    store: Store,
    chosen: EventFilter,
    path: Path,
    fmt: str,
    *,
    record: Record,
    actor: Actor,
) -> ExportResult:
    """The audit events the filter selects, in readable columns (time, user, action, party,
    entry, result, reason); one `audit.export` event. `audit export` writes the verifiable
    form (every hash) instead."""
    rows = (event.row() for event in iter_readable(store, chosen))
    return write_export(
        rows,
        path,
        fmt,
        what="audit.readable",
        record=record,
        actor=actor,
        about={"filters": chosen.to_dict()},
        columns=AUDIT_COLUMNS,
        kind=kinds.AUDIT_EXPORT,
    )
