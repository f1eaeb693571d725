"""Small inline indexes for the matching tests (real files only where a test says so)."""

from __future__ import annotations

from pathlib import Path

import pytest

from entitylist.matching import IndexRecord, MatchIndex
from list_records import published_records

RECORDS = (
    IndexRecord(
        "el-1",
        "EL",
        "entity",
        ("Inspur (Taiwan) Company Limited",),
        ("TW",),
        ("7F, No. 1, Lane 50, Nangang Road, Taipei, TW",),
    ),
    IndexRecord(
        "el-2",
        "EL",
        "entity",
        ("Huawei Technologies Co., Ltd.", "Huawei", "华为技术有限公司"),
        ("CN",),
    ),
    IndexRecord("el-3", "EL", "entity", ("Shenzhen Global Technology Trading Co., Ltd.",), ("CN",)),
    IndexRecord("el-4", "EL", "entity", ("Beijing International Technology Group",), ("CN",)),
    IndexRecord("el-5", "EL", "entity", ("Moscow Institute of Physics and Technology",), ("RU",)),
    IndexRecord(
        "sdn-1",
        "SDN",
        "individual",
        ("PUTIN, Vladimir Vladimirovich", "Владимир Владимирович Путин"),
        ("RU",),
    ),
    IndexRecord("sdn-2", "SDN", "individual", ("BIN LADIN, Usama bin Muhammad bin Awad",), ("SA",)),
    IndexRecord("sdn-3", "SDN", "entity", ("AL-QA'IDA", "AL QAEDA", "The Base"), ()),
    IndexRecord("sdn-4", "SDN", "individual", ("KIM, Jong Un",), ("KP",)),
    IndexRecord("dpl-1", "DPL", "unknown", ("ULTRA TRADE SERVICE LLC",), ("LV",)),
    IndexRecord("un-1", "UN", "individual", ("ABDULHAI SALEK",), ("AF",)),
    IndexRecord(
        "un-2", "UN", "entity", ("TACTICAL MISSILES CORPORATION JOINT STOCK COMPANY",), ("RU",)
    ),
)


@pytest.fixture(scope="session")
def index() -> MatchIndex:
    return MatchIndex.build(RECORDS)


@pytest.fixture(scope="module")
def un_index(shared_data: Path) -> MatchIndex:
    """The real UN consolidated list of 2026-02-27."""
    return MatchIndex.build(
        published_records(shared_data / "un" / "UN_consolidated_2026-02-27.xml", "un")
    )


@pytest.fixture(scope="session")
def csl_2026_records(shared_data: Path) -> list[IndexRecord]:
    """The real Consolidated Screening List of 2026-07-31, every list it holds."""
    return published_records(shared_data / "csl/2026/consolidated_2026-07-31.json", "csl")


@pytest.fixture(scope="session")
def csl_2026(csl_2026_records: list[IndexRecord]) -> MatchIndex:
    return MatchIndex.build(csl_2026_records)
