"""Importing a portfolio: versions with content hashes, bad rows, re-imports (SQLite and
PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from entitylist.audit import AuditLog
from entitylist.errors import InputError, NotFound
from entitylist.monitoring import get_party, import_parties, list_parties, party_history
from entitylist.screening.inputs import Columns
from entitylist.store import Store
from vintages import Env, write_portfolio


def test_import_then_reimport_keeps_history(env: Env, tmp_path: Path) -> None:
    rows = [
        {"cust": "C1", "name": "Inspur Taiwan Co Ltd", "country": "TW", "segment": "servers"},
        {"cust": "C2", "name": "Acme Widgets GmbH", "country": "DE", "segment": ""},
        {"cust": "C3", "name": "Chitron Electronics", "country": "China", "segment": "parts"},
    ]
    columns = Columns(id="cust")
    first = import_parties(env.store, write_portfolio(tmp_path / "a.csv", rows), columns)
    assert (first.new, first.changed, first.unchanged) == (3, 0, 0)
    c3 = get_party(env.store, "C3")
    assert c3.country == "CN" and c3.attributes == {"segment": "parts"} and c3.version == 1
    assert get_party(env.store, "C2").attributes == {}  # blank cells say nothing

    rows[0]["name"] = "Inspur (Taiwan) Company Limited"
    rows[1]["segment"] = "  "  # whitespace only: no change
    second = import_parties(env.store, write_portfolio(tmp_path / "b.csv", rows), columns)
    assert (second.new, second.changed, second.unchanged) == (0, 1, 2)
    history = party_history(env.store, "C1")
    assert [v.version for v in history] == [1, 2]
    assert history[0].name == "Inspur Taiwan Co Ltd"
    assert history[1].name == "Inspur (Taiwan) Company Limited"
    assert history[0].content_hash != history[1].content_hash
    assert len(list_parties(env.store)) == 3
    events = AuditLog(env.store).events(kind="parties.import")
    assert [e.data["changed"] for e in events] == [0, 1]


def test_bad_rows_are_reported_and_the_rest_imported(env: Env, tmp_path: Path) -> None:
    rows = [
        {"id": "A", "name": "Alpha Ltd", "country": "GB"},
        {"id": "", "name": "No Id Ltd", "country": "GB"},
        {"id": "B", "name": "", "country": "GB"},
        {"id": "C", "name": "Gamma", "country": "Atlantis"},
        {"id": "A", "name": "Alpha again", "country": "GB"},
    ]
    report = import_parties(env.store, write_portfolio(tmp_path / "p.csv", rows))
    assert report.new == 1
    assert [(e.line, e.field) for e in report.errors] == [
        (3, "id"),
        (4, "name"),
        (5, "country"),
        (6, "id"),
    ]
    assert "repeated (first on line 2)" in report.errors[-1].reason
    assert get_party(env.store, "A").name == "Alpha Ltd"


def test_missing_id_column_is_refused(env: Env, tmp_path: Path) -> None:
    path = write_portfolio(tmp_path / "p.csv", [{"name": "Alpha"}, {"name": "Beta"}])
    with pytest.raises(InputError, match="--id-column"):
        import_parties(env.store, path)


def test_replace_deactivates_and_reimport_reactivates(env: Env, tmp_path: Path) -> None:
    rows = [{"id": "A", "name": "Alpha"}, {"id": "B", "name": "Beta"}]
    import_parties(env.store, write_portfolio(tmp_path / "a.csv", rows))
    report = import_parties(env.store, write_portfolio(tmp_path / "b.csv", rows[:1]), replace=True)
    assert report.deactivated == 1
    assert [p.party_id for p in list_parties(env.store)] == ["A"]
    assert {p.party_id for p in list_parties(env.store, include_inactive=True)} == {"A", "B"}
    back = import_parties(env.store, write_portfolio(tmp_path / "c.csv", rows))
    assert back.reactivated == 1 and len(list_parties(env.store)) == 2
    assert [v.version for v in party_history(env.store, "B")] == [1, 2]


def test_jsonl_portfolio(env: Env, tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"id": 1, "name": "Alpha", "country": "FR", "since": "2020-01-01"},
                {"id": 2, "name": "Beta", "address": "1 Rue X, Paris"},
            ]
        )
        + "\n"
    )
    import_parties(env.store, path)
    assert get_party(env.store, "1").attributes == {"since": "2020-01-01"}
    assert get_party(env.store, "2").address == "1 Rue X, Paris"
    with pytest.raises(NotFound):
        get_party(env.store, "3")


def test_nul_and_surrogates_are_bad_rows_on_both_databases(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "portfolio.jsonl"
    path.write_text(
        '{"id": "1", "name": "Nul\\u0000Co"}\n'
        '{"id": "2", "name": "Fine Co", "note": "a\\u0000b"}\n'
        '{"id": "3", "name": "Bad \\ud800 Co"}\n'
        '{"id": "4", "name": "Good Co"}\n',
        encoding="utf-8",
    )
    report = import_parties(store, path)
    assert [e.line for e in report.errors] == [1, 2, 3]
    assert report.new == 1
    assert [p.name for p in list_parties(store)] == ["Good Co"]
