"""Alerts: the hits in force grouped into one thing to review per party and listed party.

The hits of the newest monitoring results are grouped by the real listed party behind them
(`screening.grouping`): a party matching the DPL's ten `AL NASER AIRLINES` rows, from the
`csl` source, the `dpl` source or both, has one alert that lists every row. An alert is
`closed` when every row it stands for has a decision in force, else `open`; undecided
alerts come first, then by alert level and score.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from entitylist.errors import InputError
from entitylist.monitoring.parties import list_parties
from entitylist.monitoring.views import current_hits
from entitylist.screening.grouping import group_hits
from entitylist.store import Store, StoredEntry

STATUSES = ("open", "closed", "all")
SORTS = ("score", "party")


def alerts(
    store: Store,
    *,
    status: str = "open",
    list_code: str | None = None,
    party_id: str | None = None,
    sort: str = "score",
) -> list[dict[str, Any]]:
    """The alerts in force after the newest run, filtered and sorted (see module doc)."""
    if status not in STATUSES:
        raise InputError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    if sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    hits = current_hits(store, party_id)
    entries = {
        s.id: s for s in store.entries_by_ids(sorted({h["entry"]["entry_id"] for h in hits}))
    }
    names = {p.party_id: p.name for p in list_parties(store, include_inactive=True)}
    by_party: dict[str, list[dict[str, Any]]] = {}
    for hit in sorted(hits, key=lambda h: (-h["score"], h["result_id"])):
        if hit["entry"]["entry_id"] in entries:
            by_party.setdefault(hit["party_id"], []).append(hit)
    found = [
        alert
        for pid, party_hits in by_party.items()
        for alert in _party_alerts(pid, names.get(pid), party_hits, entries)
    ]
    found = [
        a
        for a in found
        if (status == "all" or a["status"] == status)
        and (list_code is None or a["list"] == list_code.upper())
    ]
    return sorted(found, key=_score_order if sort == "score" else _party_order)


def _party_alerts(
    party_id: str,
    party_name: str | None,
    hits: Sequence[dict[str, Any]],
    entries: dict[int, StoredEntry],
) -> list[dict[str, Any]]:
    out = []
    for group in group_hits(hits, lambda h: entries[h["entry"]["entry_id"]]):
        best = group.best
        decided = all(h["decision"] is not None for h in group.items)
        out.append(
            {
                "id": f"{party_id}~{group.key}",
                "party": {"id": party_id, "name": party_name},
                "status": "closed" if decided else "open",
                "alert": any(h["alert"] for h in group.items),
                "score": best["score"],
                "matched_name": best["matched_name"],
                "list": best["entry"]["list"],
                "entry": best["entry"],
                "rows": [
                    {
                        "result_id": h["result_id"],
                        "entry": h["entry"],
                        "score": h["score"],
                        "decision": h["decision"],
                    }
                    for h in group.items
                ],
                "grouping": group.explanation(),
                "run_id": max(h["run_id"] for h in group.items),
            }
        )
    return out


def _score_order(alert: dict[str, Any]) -> tuple[Any, ...]:
    return (alert["status"] != "open", not alert["alert"], -alert["score"], alert["id"])


def _party_order(alert: dict[str, Any]) -> tuple[Any, ...]:
    return (alert["party"]["id"], *_score_order(alert))
