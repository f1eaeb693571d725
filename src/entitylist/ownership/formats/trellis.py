"""A company-registry graph in the layout of a trellis graph file: `{nodes, edges}` as one
JSON object, optionally inside a TypeScript module (`export default {...}`).

`shareholder_of` edges become share links. A registry edge keeps several records
(qualifiers), each with the share as that record published it; the newest record stating a
percentage gives the share (records carry their retrieval time, in milliseconds, last in
their id). An edge whose records state no percentage is a link with no share.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from entitylist.errors import InputError
from entitylist.ownership.model import OwnedParty, OwnershipImport, OwnershipLink, ShareKind

PREFIX = "export default"


def read(path: Path) -> OwnershipImport:
    text = path.read_text(encoding="utf-8").strip()
    if text.startswith(PREFIX):
        text = text[len(PREFIX) :].strip().rstrip(";")
    try:
        graph = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}, line {exc.lineno}: not a JSON graph: {exc.msg}") from None
    if not isinstance(graph, dict) or "nodes" not in graph or "edges" not in graph:
        raise InputError(f"{path}: a graph file needs `nodes` and `edges`")
    nodes: dict[str, Any] = graph["nodes"]
    parties = {
        key: OwnedParty(key=key, name=node.get("label"), kind=node.get("type"))
        for key, node in nodes.items()
    }
    links = [
        _link(path, edge)
        for edge in graph["edges"].values()
        if edge.get("field") == "shareholder_of"
    ]
    return OwnershipImport(
        format="trellis", links=links, parties=parties, rows_read=len(graph["edges"])
    )


def _link(path: Path, edge: dict[str, Any]) -> OwnershipLink:
    percent, stamp = _share(edge.get("qualifier") or [])
    return OwnershipLink(
        owner=edge["source"],
        owned=edge["target"],
        share_low=percent,
        share_high=percent,
        kind=ShareKind.SHARES,
        source=path.name,
        valid_from=stamp,
        relationship="shareholder_of",
    )


def _share(qualifiers: list[dict[str, Any]]) -> tuple[float | None, date | None]:
    best: tuple[int, float] | None = None
    for q in qualifiers:
        stamp = _stamp(q.get("record", ""))
        for share in (q.get("props") or {}).get("shares") or []:
            if share.get("percentage") is not None and (best is None or stamp >= best[0]):
                best = (stamp, float(share["percentage"]))
    if best is None:
        return None, None
    when = datetime.fromtimestamp(best[0] / 1000, UTC).date() if best[0] else None
    return best[1], when


def _stamp(record: str) -> int:
    tail = record.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 0
