"""The import rules of docs/architecture.md, checked on the source tree.

Each package of `src/entitylist` belongs to a layer; a module may import its own layer's
packages (services and readers import each other) and the layers below, never above. There
are no exceptions: faces import another face only to start it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "entitylist"

LAYERS: dict[str, tuple[str, ...]] = {
    "leaves": ("errors", "dates", "settings", "countries", "model", "data", "cells", "packaged",
               "chunks", "list_titles"),
    "engine": ("matching",),
    "readers": ("sources", "federal_register", "ownership", "rules"),
    "store": ("store",),
    "services": (
        "audit", "auth", "screening", "determination", "monitoring", "pointintime",
        "reports", "updates", "ftm", "review", "service", "matching_build",
    ),
    "faces": ("cli", "api", "web", "__main__"),
}  # fmt: skip
ORDER = list(LAYERS)
LAYER_OF = {package: layer for layer, packages in LAYERS.items() for package in packages}

# What a layer may import beyond the layers below it (same-layer imports are allowed except
# where named here), and the engine that imports nothing.
SAME_LAYER_ALLOWED = {"readers", "services", "leaves"}
STORE_MAY_IMPORT = {"federal_register", "ownership", "rules"}

# Faces import each other only to start one another: `serve` starts the API, the API's app
# factory mounts the web UI, and `python -m entitylist` is the command line. The web UI and
# the API share the service layer (`service`), never each other's modules.
FACES_STARTING_FACES = {("cli", "api"), ("api", "web"), ("__main__", "cli")}


def imported_packages(path: Path) -> set[str]:
    """The top-level entitylist packages a module imports (relative imports resolved)."""
    relative = path.relative_to(PACKAGE).with_suffix("").parts
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(relative[:-1])[: len(relative) - node.level]
                names.append(".".join([*base, node.module or ""]).strip("."))
            elif node.module and node.module.split(".")[0] == "entitylist":
                names.append(node.module.partition(".")[2])
        elif isinstance(node, ast.Import):
            names += [
                a.name.partition(".")[2] for a in node.names if a.name.startswith("entitylist.")
            ]
        found |= {name.split(".")[0] for name in names if name}
    return found - {relative[0]}


def allowed(importer: str, imported: str) -> bool:
    if (importer, imported) in FACES_STARTING_FACES:
        return True
    mine, theirs = LAYER_OF[importer], LAYER_OF[imported]
    if mine == "engine":
        return False
    if mine == "store":
        return ORDER.index(theirs) < ORDER.index("engine") or imported in STORE_MAY_IMPORT
    if theirs == "engine":
        return mine not in ("leaves", "readers", "store")
    if mine == theirs:
        return mine in SAME_LAYER_ALLOWED
    return ORDER.index(theirs) < ORDER.index(mine)


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def package_of(path: Path) -> str:
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def test_every_package_has_a_layer() -> None:
    unplaced = {package_of(p) for p in modules()} - set(LAYER_OF) - {"__init__"}
    assert not unplaced, f"add these packages to a layer in docs/architecture.md: {unplaced}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_layers(path: Path) -> None:
    importer = package_of(path)
    if importer == "__init__":
        return
    wrong = sorted(i for i in imported_packages(path) if not allowed(importer, i))
    assert not wrong, f"{importer} ({LAYER_OF[importer]}) may not import {wrong}"


def test_the_matching_core_imports_nothing_of_the_project() -> None:
    for path in (PACKAGE / "matching").rglob("*.py"):
        assert imported_packages(path) == set(), path


def test_the_rule_catches_an_upward_import() -> None:
    assert not allowed("store", "screening")
    assert not allowed("matching", "model")
    assert not allowed("sources", "store")
    assert not allowed("store", "sources")
    assert not allowed("web", "api")
    assert not allowed("web", "cli")
    assert not allowed("screening", "web")
    assert allowed("screening", "matching")


def test_no_two_test_modules_share_a_name() -> None:
    # The test folders are not packages: pytest imports each test module by its bare name,
    # so a second module of the same name is not collected at all (a collection error).
    names = [p.name for p in Path(__file__).parent.rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []


# The size rules of the standards: no function over 60 lines, no module over 500 lines, no
# function with more than 6 positional parameters. A function's length is counted from its
# `def` line to its last line (decorators not counted, docstring and comments counted);
# positional parameters are the positional-only and ordinary ones, `self` and `cls` not
# counted. Migrations are left out: each is written once, as the schema was then.
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 500
MAX_POSITIONAL = 6


def size_offences(source: str, name: str) -> list[str]:
    """What in one module breaks the size rules, each named by module and qualified name."""
    found: list[str] = []
    if len(source.splitlines()) > MAX_MODULE_LINES:
        found.append(f"module over {MAX_MODULE_LINES} lines: {name}")

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                qualified = f"{name}:{prefix}{child.name}"
                if (child.end_lineno or child.lineno) - child.lineno + 1 > MAX_FUNCTION_LINES:
                    found.append(f"function over {MAX_FUNCTION_LINES} lines: {qualified}")
                positional = [*child.args.posonlyargs, *child.args.args]
                if len([a for a in positional if a.arg not in ("self", "cls")]) > MAX_POSITIONAL:
                    found.append(f"over {MAX_POSITIONAL} positional parameters: {qualified}")
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def test_modules_and_functions_keep_to_the_size_rules() -> None:
    found = {
        offence
        for path in modules()
        for offence in size_offences(path.read_text("utf-8"), path.relative_to(PACKAGE).as_posix())
    }
    assert sorted(found) == [], "split these (see the standards)"


def test_the_size_rules_catch_a_long_function_and_many_positional_parameters() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    source = (
        f"class C:\n  def long(self):\n{body}\n"
        "def wide(a, b, c, /, d, e, f, g, *, h): pass\n"
        "def fine(self, a, b, c, d, e, f, *rest, **more): pass\n"
    )
    assert size_offences(source, "m.py") == [
        f"function over {MAX_FUNCTION_LINES} lines: m.py:C.long",
        f"over {MAX_POSITIONAL} positional parameters: m.py:wide",
    ]
    assert size_offences("x = 1\n" * (MAX_MODULE_LINES + 1), "m.py") == [
        f"module over {MAX_MODULE_LINES} lines: m.py"
    ]


def test_the_top_level_holds_only_leaves() -> None:
    """A service at the top level hides among the leaves: services live in packages."""
    exempt = {"__init__", "__main__", "matching_build"}
    modules = {p.stem for p in PACKAGE.glob("*.py")} - exempt
    assert {m for m in modules if LAYER_OF.get(m) != "leaves"} == set()
