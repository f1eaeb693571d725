"""The real ownership samples (see ../shared/data/README.md, section ownership/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from entitylist.ownership import OwnershipImport
from entitylist.ownership.formats import read_ownership


@pytest.fixture(scope="session")
def ownership_data(shared_data: Path) -> Path:
    return shared_data / "ownership"


@pytest.fixture(scope="session")
def prc_graph(ownership_data: Path) -> OwnershipImport:
    return read_ownership(ownership_data / "prc_registry_graph" / "trellis_test-data.ts")
