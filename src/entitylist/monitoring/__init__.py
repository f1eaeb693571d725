"""Continuous compliance: a monitored portfolio screened again whenever a list changes.

Pipeline order: `parties.import_parties` keeps every version of each counterparty ->
`runner.run_monitor` screens the parties that need it (all after a list change, only the
new or changed ones otherwise) -> `delta.compute_delta` compares with the previous run and
applies reviewers' `decisions` -> the run, its results and events are stored and audited ->
`digest` and `webhook` deliver the report (webhooks from the `outbox`, at least once).
"""

from __future__ import annotations

from entitylist.monitoring.decisions import Decision, Verdict, decide, list_decisions
from entitylist.monitoring.parties import (
    ImportReport,
    MonitoredParty,
    get_party,
    import_parties,
    list_parties,
    party_history,
)
from entitylist.monitoring.report import MonitorReport
from entitylist.monitoring.runner import run_monitor

__all__ = [
    "Decision",
    "ImportReport",
    "MonitorReport",
    "MonitoredParty",
    "Verdict",
    "decide",
    "get_party",
    "import_parties",
    "list_decisions",
    "list_parties",
    "party_history",
    "run_monitor",
]
