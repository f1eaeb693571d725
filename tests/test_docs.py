"""The documentation keeps up with the code: every command is documented (datasette's habit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.main import get_command

from entitylist.cli import app

ROOT = Path(__file__).resolve().parents[1]


def command_paths() -> list[str]:
    paths: list[str] = []

    def walk(command: object, prefix: str) -> None:
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            full = f"{prefix} {name}".strip()
            if getattr(sub, "commands", None):
                walk(sub, full)
            else:
                paths.append(full)

    walk(get_command(app), "")
    return paths


DOCS = "\n".join(
    p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted(ROOT.glob("docs/*.md"))]
)


@pytest.mark.parametrize("command", command_paths())
def test_every_command_is_documented(command: str) -> None:
    assert f"entitylist {command}" in DOCS, f"`entitylist {command}` is not in README.md or docs/"


def test_the_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```sh\n")[1:3]
    assert "entitylist lists" in blocks[0]
    assert blocks[1].strip().startswith("bash .ci/run")
    assert "pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
