"""The documentation keeps up with the code: every command and option is documented
(datasette's habit), and every README example runs.

README examples run in the order written, in a temporary checkout whose `../shared/data`
is the real shared data (as the quick start expects), on one fresh store; one that errors
fails the test. Set aside, each with its reason: setting up the environment, the test
suite itself and the long-running service. The download from the official location (no
network here) is stood in for by the real CSL export of 2023-11-30 with its publication
date (the shared data stand in for downloads offline). What the README names as the
user's own input (`customers.xlsx`, `shipments.csv`) is written by the test with real
listed names and unlisted ones; the example webhook host is replaced by a real receiver
on 127.0.0.1.
"""

from __future__ import annotations

import csv
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
import typer
from openpyxl import Workbook
from typer.main import get_command

from entitylist.cli import app
from entitylist.cli.reference import is_current, reference, undocumented, without_help
from receiver import receiver

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


def test_every_option_and_argument_says_what_it_does() -> None:
    assert without_help(app) == []


def test_an_option_or_argument_without_help_text_is_named() -> None:
    probe = typer.Typer()

    @probe.command()
    def first(
        name: Annotated[str, typer.Argument()],
        colour: Annotated[str, typer.Option("--colour")] = "red",
        size: Annotated[int, typer.Option("--size", help="How big.")] = 3,
    ) -> None:
        """Probe."""

    @probe.command()
    def second() -> None:
        """Another command, so that `first` is a subcommand."""

    assert without_help(probe) == ["entitylist first name", "entitylist first --colour"]


def test_the_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```sh\n")[1:3]
    assert "entitylist lists" in blocks[0]
    assert blocks[1].strip().startswith("bash .ci/run")
    assert "pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


# -- README examples ----------------------------------------------------------------------

SET_ASIDE = {
    "python3 -m venv": "sets up the environment the tests run in",
    ". .venv/bin/activate": "sets up the environment the tests run in",
    "pip install": "sets up the environment the tests run in",
    "bash .ci/run": "the test suite itself",
    "pytest": "the test suite itself",
    "ruff": "the test suite's lint step",
    "mypy": "the test suite's type check",
    "python benchmarks/": "a benchmark, not an example of use (benchmarks/README.md)",
    "entitylist serve": "a long-running service (the API and web tests start it)",
}
DOWNLOAD = "entitylist update --source csl"  # exactly: the official download (network)
STAND_IN = (
    "entitylist update --source csl --from ../shared/data/csl/consolidated_2023-11-30.csv "
    "--published 2023-11-30 --accept-truncated"
)
WEBHOOK_HOST = "https://hooks.example/el"


def readme_commands() -> list[str]:
    """Every command of the README's `sh` blocks, in order: continuations joined, comments
    dropped, `a && b` as two commands."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#\s.*$", "", line).strip()
            commands += [c.strip() for c in line.split(" && ") if c.strip()]
    return commands


def set_aside(command: str) -> str | None:
    return next((why for start, why in SET_ASIDE.items() if command.startswith(start)), None)


def write_inputs(folder: Path) -> None:
    """The customer master and the shipments the README's examples read."""
    book = Workbook()
    sheet = book.active
    sheet.append(["cust_no", "id", "name", "country"])
    for row in [
        ("C1042", "C1042", "Inspur Taiwan", "TW"),
        ("C1043", "C1043", "Aaron Abraham Villa", "US"),
        ("C1044", "C1044", "Northwind Garden Supplies", "GB"),
    ]:
        sheet.append(list(row))
    book.save(folder / "customers.xlsx")
    with (folder / "shipments.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "country", "ship_date", "item", "destination", "end_user"])
        writer.writerow(["S1", "Inspur Taiwan", "TW", "2025-06-02", "EAR99", "TW", "Inspur Taiwan"])
        writer.writerow(
            ["S2", "Northwind Garden Supplies", "GB", "2024-01-15", "EAR99", "GB", "Northwind"]
        )


@pytest.mark.slow
def test_every_readme_example_runs(tmp_path: Path, shared_data: Path) -> None:
    checkout = tmp_path / "entitylist"
    checkout.mkdir()
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "data").symlink_to(shared_data)
    write_inputs(checkout)
    env = {
        **os.environ,
        "ENTITYLIST_DB": str(tmp_path / "readme.sqlite"),
        "ENTITYLIST_DATA_DIR": str(tmp_path / "data"),
        "ENTITYLIST_WEBHOOK_SECRET": "readme-example-secret",
        "COLUMNS": "120",
    }
    ran, skipped = [], []
    with receiver() as hooks:
        for command in readme_commands():
            why = set_aside(command)
            if why is not None:
                skipped.append((command, why))
                continue
            assert command.startswith("entitylist "), f"not an entitylist command: {command}"
            offline = STAND_IN if command == DOWNLOAD else command.replace(WEBHOOK_HOST, hooks.url)
            args = shlex.split(offline)[1:]
            done = subprocess.run(
                [sys.executable, "-m", "entitylist", *args],
                cwd=checkout,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
            ran.append(command)
    assert len(hooks.delivered) == 1  # the monitoring example's webhook
    assert (checkout / "hits.csv").exists() and (checkout / "march.html").exists()
    assert len(ran) >= 20 and len(skipped) <= 12, (ran, skipped)
