"""The typer application, its global options and error handling."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from entitylist.errors import EntitylistError
from entitylist.settings import Settings

if TYPE_CHECKING:
    from entitylist.store import Store


_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


class _Commands(TyperGroup):
    """Library errors become one line on stderr and exit code 1, for every command, whether
    run from the console script or in-process (tests, `python -m entitylist`)."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        """Arguments that are not text (bytes that are not UTF-8 come in as lone surrogates)
        are refused in one line, before any command runs on them."""
        argv = list(sys.argv[1:] if args is None else args)
        for number, arg in enumerate(argv, start=1):
            if isinstance(arg, str) and _NOT_TEXT.search(arg):
                shown = arg.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
                err_console.print(
                    f"[bold red]error:[/] argument {number} ({shown}) is not valid UTF-8 text",
                    highlight=False,
                    markup=True,
                )
                sys.exit(2)
        return super().main(argv, *rest, **options)

    def invoke(self, ctx: typer.Context) -> object:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except EntitylistError as exc:
            err_console.print(f"[bold red]error:[/] {exc.message}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from exc


app = typer.Typer(
    name="entitylist",
    cls=_Commands,
    help="Restricted-party screening against the US Entity List and the Consolidated "
    "Screening List: keep versioned copies of the official lists, see what changed, screen.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

err_console = Console(stderr=True)


def command_group(name: str, help: str, *, invoke_without_command: bool = False) -> typer.Typer:
    """The commands under `entitylist NAME`. Run bare, the group shows its help, unless its
    callback is a command of its own (`invoke_without_command`)."""
    group = typer.Typer(
        help=help,
        no_args_is_help=not invoke_without_command,
        invoke_without_command=invoke_without_command,
    )
    app.add_typer(group, name=name)
    return group


@dataclass
class State:
    settings: Settings
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            # Imported here: the store (SQLAlchemy, Alembic) is not needed for --help.
            from entitylist.store import Store

            self._store = Store.open(self.settings.db_url)
        return self._store


@app.callback()
def _global_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database: a SQLite file path or a database URL (postgresql://...). "
            "Default: $ENTITYLIST_DB, else entitylist.sqlite in the user's data directory.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            is_eager=True,
            callback=lambda shown: _print_version() if shown else None,
            help="Show the version, the matching engine and which build of it runs, and exit.",
        ),
    ] = False,
) -> None:
    ctx.obj = State(settings=Settings.load(db))


def _print_version() -> None:
    from entitylist import __version__
    from entitylist.matching import ENGINE_VERSION
    from entitylist.matching_build import build_name

    typer.echo(f"entitylist {__version__}, matching engine {ENGINE_VERSION}, {build_name()}")
    raise typer.Exit()


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    return obj


def main() -> None:
    """Console entry point."""
    app()
