"""Monitoring reports the Federal Register rules about the lists that no list in force
reflects yet, once per rule: in the run that first sees it, in its digest and webhook body,
never again in later runs (SQLite and PostgreSQL, on the real DPL of 2022-09-07, which
carries no Entity List, so every rule about it is pending)."""

from __future__ import annotations

import json
from pathlib import Path

from entitylist.audit import AuditLog
from entitylist.federal_register.documents import read_page
from entitylist.monitoring import import_parties, run_monitor
from entitylist.monitoring.digest import render_html, render_markdown
from entitylist.monitoring.outbox import deliver_pending
from entitylist.monitoring.views import run_rule_events
from fr_records import EL_RULES, ON_INSPECTION
from receiver import receiver
from vintages import Env, write_portfolio

SECRET = "s3cret-shared-with-receiver"


def numbers(events: list[dict[str, object]]) -> list[object]:
    return [e["document_number"] for e in events]


def test_a_pending_rule_is_reported_once(env: Env, shared_data: Path, tmp_path: Path) -> None:
    env.load("dpl", shared_data / "bis_dpl" / "dpl_2022-09-07.txt", "2022-09-07")
    import_parties(env.store, write_portfolio(tmp_path / "p.csv", [{"id": "P1", "name": "Acme"}]))
    assert run_monitor(env.store, env.settings).pending_rules == []  # no rule known
    env.store.save_fr_documents(read_page(ON_INSPECTION, "pi").documents)
    with receiver() as r:
        first = run_monitor(env.store, env.settings, webhooks=[r.url])
        deliver_pending(env.store, SECRET)
    (rule,) = first.pending_rules
    assert rule["document_number"] == "2026-99901" and rule["public_inspection"]
    assert rule["words"].startswith("2026-99901, Additions to the Entity List, on public")
    assert "not yet in the list in force (on public inspection since 2026-08-03" in rule["words"]
    assert first.run.counts["pending_rules"] == 1
    (body,) = r.delivered.values()
    assert numbers(json.loads(body)["pending_rules"]) == ["2026-99901"]
    assert "1 Federal Register rule about the lists is not yet in the lists in force" in (
        render_markdown(first)
    )
    assert "https://www.federalregister.gov/public-inspection/2026-99901/x" in render_html(first)
    assert numbers(run_rule_events(env.store, first.run.id)) == ["2026-99901"]
    # The next run knows it was reported: nothing again.
    second = run_monitor(env.store, env.settings)
    assert second.pending_rules == [] and second.run.counts["pending_rules"] == 0
    assert "Federal Register" not in render_markdown(second)
    assert run_rule_events(env.store, second.run.id) == []
    # Two published rules become known: only they are reported.
    env.store.save_fr_documents(read_page(EL_RULES, "rules").documents)
    third = run_monitor(env.store, env.settings)
    assert numbers(third.pending_rules) == ["2025-05426", "2025-05427"]
    assert "no list carrying the Entity List is in force" in third.pending_rules[0]["reason"]
    audited = AuditLog(env.store).events(kind="monitor.run")
    assert [e.data["pending_rules"] for e in audited] == [
        [],
        ["2026-99901"],
        [],
        ["2025-05426", "2025-05427"],
    ]
