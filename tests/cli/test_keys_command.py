"""`entitylist keys create|list|revoke`: the key is printed once and never again."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from entitylist.cli import app
from entitylist.errors import EntitylistError


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def run(db: Path, *args: str) -> Done:
    """In-process, as tests/cli/test_list_commands.py does; library errors exit 1 as main()
    makes them."""
    result = CliRunner().invoke(
        app, ["--db", str(db), *args], env={"ENTITYLIST_DATA_DIR": str(db.parent / "data")}
    )
    if isinstance(result.exception, EntitylistError):
        return Done(1, result.stdout, result.exception.message)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Done(result.exit_code, result.stdout, result.stderr)


def test_create_list_revoke(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    created = run(db, "keys", "create", "--role", "admin", "--name", "Ops team")
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert key.startswith("el_") and "\n" not in key, "stdout is the key alone (scriptable)"
    assert "cannot be shown again" in created.stderr

    listed = run(db, "keys", "list", "--json")
    (record,) = json.loads(listed.stdout)
    assert record["name"] == "Ops team" and record["role"] == "admin" and record["active"]
    assert key not in listed.stdout

    assert run(db, "keys", "revoke", str(record["id"])).returncode == 0
    (after,) = json.loads(run(db, "keys", "list", "--json").stdout)
    assert after["active"] is False


def test_a_bad_role_or_id_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    assert run(db, "keys", "create", "--role", "owner").returncode == 2
    missing = run(db, "keys", "revoke", "42")
    assert missing.returncode == 1
    assert "no API key with id 42" in missing.stderr


def test_key_events_are_audited_without_the_key(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    key = run(db, "keys", "create", "--role", "viewer", "--name", "ERP").stdout.strip()
    run(db, "keys", "revoke", "1")
    events = json.loads(run(db, "audit", "log", "--json").stdout)
    kinds = [e["kind"] for e in events]
    assert "key.created" in kinds and "key.revoked" in kinds, kinds
    assert key not in json.dumps(events)
    assert run(db, "audit", "verify").returncode == 0
