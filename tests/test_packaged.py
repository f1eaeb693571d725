"""The reviewed YAML shipped in the package is read by one function, which names a file it
cannot parse."""

from __future__ import annotations

import pytest

from entitylist.packaged import packaged_yaml


def test_a_packaged_file_is_read_as_yaml() -> None:
    names = packaged_yaml("entitylist.data", "country_names.yml")
    assert isinstance(names, dict) and names


def test_a_file_that_is_not_yaml_is_refused_by_name() -> None:
    # A real file of the package that is not YAML (a Python module opening with a docstring).
    with pytest.raises(ValueError, match=r"^entitylist/packaged\.py: not valid YAML"):
        packaged_yaml("entitylist", "packaged.py")
