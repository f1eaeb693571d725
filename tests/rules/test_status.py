"""The Affiliates rule's status is answered by date from its reviewed data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from entitylist.cli import app
from entitylist.errors import InputError
from entitylist.rules import affiliates_rule, load_rule, rule_status_on, update_rule
from entitylist.rules.status import user_copy


def test_before_the_rule_took_effect() -> None:
    answer = rule_status_on(date(2025, 9, 28))
    assert answer.state == "not_in_force"
    assert "90 FR 47201, effective 2025-09-29" in answer.text


def test_in_force_before_the_suspension() -> None:
    assert rule_status_on(date(2025, 10, 15)).state == "in_force"


def test_during_the_suspension_the_answer_names_it() -> None:
    answer = rule_status_on(date(2026, 1, 15))
    assert answer.state == "suspended" and not answer.in_force
    assert answer.text == (
        "the Affiliates rule was suspended from 2025-11-10 to 2026-11-09 (90 FR 50857)"
    )


def test_after_the_suspension_it_is_in_force_per_the_newest_notice_known() -> None:
    answer = rule_status_on(date(2026, 11, 20))
    assert answer.in_force
    assert "the newest published 2025-11-12" in answer.text


def test_the_rule_applies_to_the_entity_list_meu_and_certain_sdns() -> None:
    rule = affiliates_rule()
    assert rule.applies_to == ("EL", "MEU", "SDN")
    sdn = next(x for x in rule.data["applies_to"] if x["list"] == "SDN")
    assert "744.8(a)(1)" in sdn["citation"] and sdn["needs_classification"]


def extended(tmp_path: Path) -> Path:
    data = affiliates_rule().data | {}
    data["notices"] = [
        *data["notices"],
        {
            "kind": "suspension",
            "citation": "91 FR 99999",
            "published": date(2026, 11, 2),
            "from": date(2026, 11, 10),
            "to": date(2027, 11, 9),
            "summary": "A user's test extension (not a real notice).",
        },
    ]
    path = tmp_path / "extended.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_a_later_notice_the_user_adds_is_followed(tmp_path: Path) -> None:
    update_rule(tmp_path, extended(tmp_path))
    answer = load_rule(tmp_path).on(date(2026, 11, 20))
    assert answer.state == "suspended" and "91 FR 99999" in answer.text


def test_a_bad_rule_file_changes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("rule: affiliates\ncitation: 90 FR 47201\n", encoding="utf-8")
    with pytest.raises(InputError, match="field effective: missing"):
        update_rule(tmp_path, bad)
    assert load_rule(tmp_path).origin.startswith("shipped data")


def test_rules_commands(tmp_path: Path) -> None:
    env = {"ENTITYLIST_DATA_DIR": str(tmp_path)}
    db = ["--db", str(tmp_path / "x.sqlite")]
    shown = CliRunner().invoke(app, [*db, "rules", "--on", "2026-01-15"], env=env)
    assert shown.exit_code == 0 and "90 FR 50857" in shown.stdout
    done = CliRunner().invoke(
        app, [*db, "rules", "update", "--from", str(extended(tmp_path))], env=env
    )
    assert done.exit_code == 0, done.stdout
    again = CliRunner().invoke(app, [*db, "rules", "--on", "2026-11-20"], env=env)
    assert "91 FR 99999" in again.stdout


def test_the_users_copy_is_parsed_again_only_when_it_changes(tmp_path: Path) -> None:
    update_rule(tmp_path, extended(tmp_path))
    first = load_rule(tmp_path)
    assert load_rule(tmp_path) is first  # unchanged: the parsed rule is reused
    data = yaml.safe_load(user_copy(tmp_path).read_text(encoding="utf-8"))
    data["notices"][-1]["citation"] = "91 FR 99998"
    changed = tmp_path / "changed.yml"
    changed.write_text(yaml.safe_dump(data), encoding="utf-8")
    update_rule(tmp_path, changed)
    again = load_rule(tmp_path)
    assert again is not first
    assert "91 FR 99998" in again.on(date(2026, 11, 20)).text
