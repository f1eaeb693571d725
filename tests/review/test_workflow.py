"""The review workflow in the library (SQLite and PostgreSQL), on the real 2023 DPL: one
alert for the DPL's AL NASER AIRLINES rows, a false positive waits for a second pair of
eyes before it suppresses anything, an escalation stays in the queue, and a later list
with the entry changed brings the decided alert back."""

from __future__ import annotations

from pathlib import Path

import pytest

from entitylist.audit import AuditLog, kinds
from entitylist.audit.actors import Actor
from entitylist.auth import Role
from entitylist.errors import InputError
from entitylist.monitoring import import_parties, run_monitor
from entitylist.monitoring.views import current_hits
from entitylist.review.alerts import get_alert, list_alerts
from entitylist.review.detail import alert_detail
from entitylist.review.workflow import (
    NotAllowed,
    WorkflowConflict,
    approve,
    assign,
    comment,
    decide_alert,
    decide_alerts,
    reject,
)
from entitylist.screening.grouping import compact_name
from vintages import Env, write_portfolio

DPL_2023 = "dpl_2023-11-30.txt"
REVIEWER = Actor.user("rita", 2)
APPROVER = Actor.user("arne", 3)


def changed_dpl(shared_data: Path, folder: Path) -> Path:
    """The 2023 DPL with one AL NASER AIRLINES row's address as a later list might print it
    (the real rows otherwise unchanged)."""
    text = (shared_data / "bis_dpl" / DPL_2023).read_text(encoding="utf-8")
    assert text.count('"P.O. BOX 28360"') >= 1
    path = folder / "dpl_changed.txt"
    path.write_text(text.replace('"P.O. BOX 28360"', '"P.O. BOX 28361"'), encoding="utf-8")
    return path


@pytest.fixture
def monitored(env: Env, shared_data: Path, tmp_path: Path) -> Env:
    env.load("dpl", shared_data / "bis_dpl" / DPL_2023, "2023-11-30")
    rows = [
        {"id": "AIR", "name": "AL NASER AIRLINES"},
        {"id": "VILLA", "name": "AARON ABRAHAM VILLA"},
        {"id": "CLEAN", "name": "Harbour Bakery of Tromsø"},
    ]
    import_parties(env.store, write_portfolio(tmp_path / "p.csv", rows))
    run_monitor(env.store, env.settings)
    return env


def the_alert(env: Env, party: str, status: str = "all") -> dict:
    (found,) = list_alerts(env.store, party_id=party, status=status).alerts
    return found.to_dict()


def test_one_alert_stands_for_every_row_of_the_denial_order(monitored: Env) -> None:
    alert = the_alert(monitored, "AIR")
    hits = [
        h["result_id"]
        for h in current_hits(monitored.store, "AIR")
        if compact_name(h["entry"]["name"]) == "alnaserairlines"
    ]
    assert len(hits) >= 8
    assert sorted(r["result_id"] for r in alert["rows"]) == sorted(hits)
    assert alert["status"] == "open" and alert["alert"] and alert["list"] == "DPL"
    assert "once per address" in alert["grouping"]
    assert list_alerts(monitored.store, party_id="CLEAN", status="all").total == 0


def test_a_false_positive_waits_for_another_approver_before_it_suppresses(
    monitored: Env,
) -> None:
    env = monitored
    alert_id = the_alert(env, "AIR")["id"]
    pending = decide_alert(
        env.store,
        alert_id,
        "false_positive",
        "an airline, not ours",
        actor=REVIEWER,
        role=Role.REVIEWER,
    )
    assert pending.status == "pending_approval"
    run_monitor(env.store, env.settings)
    assert not any(h["suppressed"] for h in current_hits(env.store, "AIR")), "not yet"
    with pytest.raises(NotAllowed, match="four eyes"):
        approve(env.store, alert_id, "fine", actor=REVIEWER, role=Role.APPROVER)
    with pytest.raises(NotAllowed, match="approver role"):
        approve(env.store, alert_id, "fine", actor=APPROVER, role=Role.REVIEWER)
    closed = approve(
        env.store, alert_id, "checked the addresses", actor=APPROVER, role=Role.APPROVER
    )
    assert (closed.status, closed.resolution) == ("closed", "false_positive")
    assert alert_id not in [a.id for a in list_alerts(env.store, status="open").alerts]
    shown = get_alert(env.store, alert_id).rows
    assert all(r["decision"]["verdict"] == "false_positive" for r in shown)
    assert all(r["decision"]["approval"] == "approved" for r in shown)
    assert {r["decision"]["approver"] for r in shown} == {"user arne"}
    with pytest.raises(WorkflowConflict):
        approve(env.store, alert_id, "again", actor=APPROVER, role=Role.APPROVER)
    run_monitor(env.store, env.settings)
    air = [h for h in current_hits(env.store, "AIR") if h["entry"]["list"] == "DPL"]
    grouped = {r["result_id"] for r in get_alert(env.store, alert_id).rows}
    assert all(h["suppressed"] for h in air if h["result_id"] in grouped)
    detail = alert_detail(env.store, alert_id)
    assert {d["by"] for d in detail["decisions"]} == {"user rita"}
    assert all(
        d["alert_id"] == alert_id and d["approval"] == "approved" for d in detail["decisions"]
    )
    assert len(detail["decisions"]) == len(grouped)
    assert [a["by"] for a in detail["approvals"]] == ["user arne"] * len(grouped)


def test_one_audit_event_per_action(monitored: Env) -> None:
    env = monitored
    log = AuditLog(env.store)
    before = {k: len(log.events(kind=k)) for k in (kinds.DECISION, kinds.APPROVAL)}
    alert_id = the_alert(env, "AIR")["id"]
    decide_alert(env.store, alert_id, "false_positive", "no", actor=REVIEWER, role=Role.REVIEWER)
    reject(
        env.store, alert_id, "look again at the Baghdad rows", actor=APPROVER, role=Role.APPROVER
    )
    assert get_alert(env.store, alert_id).status == "open", "a rejection re-opens it"
    comment(env.store, alert_id, "asked the sales team", actor=REVIEWER, role=Role.REVIEWER)
    (decision,) = log.events(kind=kinds.DECISION)[before[kinds.DECISION] :]
    (approval,) = log.events(kind=kinds.APPROVAL)[before[kinds.APPROVAL] :]
    (note,) = log.events(kind=kinds.COMMENT)
    assert decision.actor == "user rita" and decision.data["alert_id"] == alert_id
    assert len(decision.data["decisions"]) == len(get_alert(env.store, alert_id).rows)
    assert approval.actor == "user arne" and approval.data["outcome"] == "rejected"
    assert note.data["body"] == "asked the sales team"


def test_escalation_stays_in_the_queue_first_and_comments_and_assignment_show(
    monitored: Env,
) -> None:
    env = monitored
    villa = the_alert(env, "VILLA")["id"]
    escalated = decide_alert(
        env.store, villa, "escalated", "ask legal", actor=REVIEWER, role=Role.REVIEWER
    )
    assert (escalated.status, escalated.escalated) == ("open", True)
    assert list_alerts(env.store).alerts[0].id == villa, "escalated first"
    comment(env.store, villa, "legal has the file", actor=REVIEWER, role=Role.REVIEWER)
    with pytest.raises(InputError, match="no active user"):
        assign(env.store, villa, "nobody", actor=REVIEWER, role=Role.REVIEWER)
    with pytest.raises(NotAllowed):
        comment(env.store, villa, "hi", actor=Actor.user("vic"), role=Role.VIEWER)
    with pytest.raises(InputError, match="reason"):
        decide_alert(env.store, villa, "true_match", "  ", actor=REVIEWER, role=Role.REVIEWER)
    detail = alert_detail(env.store, villa)
    assert [c["body"] for c in detail["comments"]] == ["legal has the file"]
    assert detail["meaning"] and detail["entries"][0]["citations"]


def test_bulk_decision_records_each_alert_separately(monitored: Env) -> None:
    env = monitored
    ids = [the_alert(env, "AIR")["id"], the_alert(env, "VILLA")["id"]]
    log = AuditLog(env.store)
    done = decide_alerts(
        env.store, ids, "true_match", "confirmed by KYC", actor=REVIEWER, role=Role.REVIEWER
    )
    assert [a.status for a in done] == ["closed", "closed"]
    assert sorted(e.data["alert_id"] for e in log.events(kind=kinds.DECISION)) == sorted(ids)


def test_a_later_list_with_the_entry_changed_brings_the_alert_back(
    monitored: Env, shared_data: Path, tmp_path: Path
) -> None:
    env = monitored
    alert_id = the_alert(env, "AIR")["id"]
    decide_alert(
        env.store, alert_id, "false_positive", "not ours", actor=REVIEWER, role=Role.REVIEWER
    )
    approve(env.store, alert_id, "agreed", actor=APPROVER, role=Role.APPROVER)
    before = {
        (r["source"], r["entry_key"]): r["entry_hash"] for r in get_alert(env.store, alert_id).rows
    }
    env.load("dpl", changed_dpl(shared_data, tmp_path), "2023-12-15")
    run_monitor(env.store, env.settings)
    back = get_alert(env.store, alert_id)
    assert (back.status, back.resolution) == ("open", None), "same alert, open again"
    changed = [r for r in back.rows if before.get((r["source"], r["entry_key"])) != r["entry_hash"]]
    assert changed, "the changed row is what re-opened it"
    fresh = {r["result_id"] for r in changed}
    hits = [h for h in current_hits(env.store, "AIR") if h["result_id"] in fresh]
    assert hits and not any(h["suppressed"] for h in hits), "its decision no longer applies"
