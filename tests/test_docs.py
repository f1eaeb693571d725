"""The documentation keeps up with the code: every command is documented (datasette's habit)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.main import get_command

from entitylist.cli import app
from entitylist.cli.reference import is_current, reference, undocumented

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


def test_every_option_is_documented_as_the_cli_defines_it() -> None:
    document = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = undocumented(document, app)
    assert is_current(document, app), (
        "docs/cli.md's option reference is out of date (regenerate it with "
        f"`python -m entitylist.cli.reference docs/cli.md`): {missing}"
    )


def test_an_option_added_to_a_command_is_undocumented_until_regenerated() -> None:
    before = typer.Typer()

    @before.command()
    def probe(colour: Annotated[str, typer.Option(help="A colour.")] = "red") -> None:
        """Probe."""

    @before.command()
    def other() -> None:
        """Another command, so that `probe` is a subcommand."""

    document = "# CLI\n\n" + reference(before)
    assert undocumented(document, before) == [] and is_current(document, before)
    after = typer.Typer()

    @after.command("probe")
    def probe_more(
        colour: Annotated[str, typer.Option(help="A colour.")] = "red",
        size: Annotated[int, typer.Option("--size", help="How big.")] = 3,
    ) -> None:
        """Probe."""

    after.command()(other)
    assert undocumented(document, after) == ["| `--size` | INTEGER | `3` | How big. |"]
    assert not is_current(document, after)


def test_the_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```sh\n")[1:3]
    assert "entitylist lists" in blocks[0]
    assert blocks[1].strip().startswith("bash .ci/run")
    assert "pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
