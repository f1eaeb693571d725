"""The reviewed YAML shipped in the package is read by one function, which names a file it
cannot parse, and reads every shipped file as the pure-Python safe loader does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import entitylist
from entitylist.packaged import LOADER, packaged_yaml


def test_a_packaged_file_is_read_as_yaml() -> None:
    names = packaged_yaml("entitylist.data", "country_names.yml")
    assert isinstance(names, dict) and names


def test_a_file_that_is_not_yaml_is_refused_by_name() -> None:
    # A real file of the package that is not YAML (a Python module opening with a docstring).
    with pytest.raises(ValueError, match=r"^entitylist/packaged\.py: not valid YAML"):
        packaged_yaml("entitylist", "packaged.py")


def test_every_shipped_file_reads_the_same_in_libyaml_and_in_pure_python() -> None:
    # The fast loader must not change what a reviewed file says.
    package = Path(entitylist.__file__).parent
    files = sorted(package.rglob("*.yml"))
    assert len(files) > 10
    for path in files:
        text = path.read_text("utf-8")
        assert yaml.load(text, Loader=LOADER) == yaml.load(text, Loader=yaml.SafeLoader), path
