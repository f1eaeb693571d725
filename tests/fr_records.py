"""Small FR API responses written by hand for the Entity List rules of 25 March 2025 (the
real response in ../shared/data/federal_register holds none). Facts from the Federal
Register: 2025-05427 is 90 FR 14046-14052; 2025-05426 starts at 90 FR 14032 and ends
before 14046, where 2025-05427 starts. Both were published on 2025-03-28 and took effect
on 2025-03-25."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BIS = [
    {"name": "Commerce Department", "slug": "commerce-department"},
    {"name": "Industry and Security Bureau", "slug": "industry-and-security-bureau"},
]


def rule(number: str, first: int, last: int, title: str, abstract: str) -> dict[str, Any]:
    return {
        "document_number": number,
        "citation": f"90 FR {first}",
        "volume": 90,
        "start_page": first,
        "end_page": last,
        "publication_date": "2025-03-28",
        "effective_on": "2025-03-25",
        "type": "Rule",
        "title": title,
        "abstract": abstract,
        "agencies": BIS,
        "cfr_references": [{"title": 15, "part": 744}],
        "html_url": f"https://www.federalregister.gov/documents/2025/03/28/{number}/x",
    }


RULE_14032 = rule(
    "2025-05426",
    14032,
    14045,
    "Additions and Modifications to the Entity List",
    "BIS amends the EAR by adding 70 entities to the Entity List.",
)
RULE_14046 = rule(
    "2025-05427",
    14046,
    14052,
    "Additions to the Entity List",
    "BIS amends the EAR by adding 12 entities to the Entity List.",
)
EL_RULES: dict[str, Any] = {
    "count": 2,
    "total_pages": 1,
    "results": [RULE_14046, RULE_14032],
}
ON_INSPECTION: dict[str, Any] = {
    "count": 2,
    "results": [
        {
            "document_number": "2026-99901",
            "type": "Rule",
            "title": "Additions to the Entity List",
            "agencies": BIS,
            "filed_at": "2026-08-03T08:45:00.000-04:00",
            "publication_date": "2026-08-05",
            "filing_type": "regular",
            "html_url": "https://www.federalregister.gov/public-inspection/2026-99901/x",
        },
        {
            "document_number": "2026-99902",
            "type": "Notice",
            "title": "Agency Information Collection Activities",
            "agencies": [{"name": "Agriculture Department", "slug": "agriculture-department"}],
            "filed_at": "2026-08-03T08:45:00.000-04:00",
            "publication_date": "2026-08-05",
        },
    ],
}


def write(folder: Path, name: str, data: dict[str, Any]) -> str:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)
