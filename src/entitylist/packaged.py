"""Reviewed data shipped inside the package: the YAML files beside the code that reads them."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

# The safe loader, in libyaml where PyYAML was built with it (the same documents, ten times
# faster: the shipped files took half a second of every command's start in pure Python).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def packaged_yaml(package: str, path: str) -> Any:
    """The parsed YAML of `path` inside `package` (`"entitylist.sources"`, `"data/dpl.yml"`);
    a file that does not parse is refused with its name."""
    text = resources.files(package).joinpath(path).read_text("utf-8")
    try:
        return yaml.load(text, Loader=LOADER)
    except yaml.YAMLError as exc:
        raise ValueError(f"{package}/{path}: not valid YAML: {exc}") from exc


def reviewed_mapping(data: Any, resource: str, holds: str) -> dict[Any, Any]:
    """`data`, the parsed `resource`, when it is a mapping; else the file is refused, saying
    what it should hold (`holds`: "a mapping of list codes")."""
    if not isinstance(data, dict):
        raise ValueError(f"{resource}: expected {holds}")
    return data
