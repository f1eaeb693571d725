"""`entitylist users create|list|disable`: a generated password is printed once."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from entitylist.auth import UserStore
from entitylist.cli import app
from entitylist.store import Store


def run(db: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app,
        ["--db", str(db), *args],
        input=stdin,
        env={"ENTITYLIST_DATA_DIR": str(db.parent / "data")},
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_create_with_a_generated_password_list_and_disable(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    code, out, err = run(db, "users", "create", "rita", "--role", "reviewer")
    assert code == 0, err
    password = out.strip()
    assert len(password) >= 16 and "\n" not in password, "stdout is the password alone"
    assert "Store the password now" in err
    store = Store.open(f"sqlite:///{db}")
    try:
        assert UserStore(store).login("rita", password).user.username == "rita"
    finally:
        store.close()

    (listed,) = json.loads(run(db, "users", "list", "--json")[1])
    assert listed["username"] == "rita" and listed["role"] == "reviewer" and listed["active"]
    assert password not in run(db, "users", "list")[1]
    assert run(db, "users", "disable", "rita")[0] == 0
    (after,) = json.loads(run(db, "users", "list", "--json")[1])
    assert after["active"] is False


def test_the_password_can_come_from_stdin(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    code, out, err = run(
        db,
        "users",
        "create",
        "amir",
        "--role",
        "approver",
        "--password-stdin",
        stdin="a password from a vault\n",
    )
    assert code == 0, err
    assert out.strip() == "", "a password given is never printed"
    store = Store.open(f"sqlite:///{db}")
    try:
        people = UserStore(store)
        assert people.login("amir", "a password from a vault").user.role.value == "approver"
    finally:
        store.close()
