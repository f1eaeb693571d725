"""Rendering for the CLI: JSON for machines, rich tables for people."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

console = Console(highlight=False)


def emit_json(data: Any) -> None:
    # Plain print, not rich: JSON output must be byte-exact and unwrapped.
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
