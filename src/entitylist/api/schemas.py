"""Request and response models: pydantic at the edge only (the library uses dataclasses).

Response models document the API in `/openapi.json`; handlers return the library's own
`to_dict()` output directly, so the hot path pays for no second validation.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from entitylist.countries import country_code
from entitylist.errors import InputError

_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


class PartyIn(BaseModel):
    # Strict: `"threshold": false` or `"limit": "5"` is an error, never coerced.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)

    name: str = Field(min_length=1, max_length=1000, description="The party's name, as written.")
    country: str | None = Field(
        default=None,
        max_length=100,
        description="Country as an ISO 3166-1 alpha-2 code or an English name.",
    )
    address: str | None = Field(default=None, max_length=2000)
    id: str | None = Field(default=None, max_length=200, description="Your reference.")

    @field_validator("name", "country", "address", "id")
    @classmethod
    def _plain_text(cls, value: str | None) -> str | None:
        if value is not None and _BAD_TEXT.search(value):
            raise ValueError("contains a NUL character or a lone surrogate")
        return value

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        try:
            return country_code(value)
        except InputError as exc:  # pydantic reports a ValueError as a 422 on the field
            raise ValueError(exc.message) from None


class ScreenOptions(BaseModel):
    model_config = ConfigDict(strict=True)

    lists: list[Annotated[str, Field(min_length=1, max_length=16)]] | None = Field(
        default=None,
        max_length=50,
        description="Only these list codes (e.g. EL, SDN, DPL); default: every list in force.",
    )
    threshold: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Report matches at or above this score (default: the review threshold); "
        "above the alert threshold it raises the alert threshold to the same value.",
    )
    limit: int = Field(default=10, ge=1, le=100, description="Most matches per party.")


class ScreenRequest(PartyIn, ScreenOptions):
    """One party and the screening options."""

    save: bool = Field(
        default=False,
        description="Save the screening to the review queue: its hits open alerts (one per "
        "real listed party) with origin `screening`; the answer's `saved` names them.",
    )


class BatchRequest(ScreenOptions):
    model_config = ConfigDict(extra="forbid", strict=True)

    parties: list[PartyIn] = Field(
        min_length=1, description="Up to 1,000 parties (see `max_batch`)."
    )
    save: bool = Field(
        default=True,
        description="Open alerts in the review queue for the hits (origin `job`, one id for "
        "the call); false screens without touching the queue.",
    )


class SavedOut(BaseModel):
    """Alerts a screening opened or changed in the review queue."""

    origin: str = Field(description="`screening` (one party saved) or `job` (a batch)")
    origin_id: str = Field(description="The id the queue filters by (`origin=job:ID`)")
    alerts: list[int] = Field(
        description="The ids of the alerts its hits stand for (an alert found again unchanged "
        "keeps the origin that opened it)"
    )


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    error: ErrorDetail


PUBLISHED_AT = (
    "When the publisher issued this version (ISO 8601), or null when that is not known: a "
    "list loaded without a publication date whose file states none is never shown as "
    "published on the day it was retrieved"
)
PUBLICATION = (
    "The publication date in words: 'published 2022-09-07', 'published 2026-02-27 per the "
    "file (dateGenerated)', or 'publication date unknown (retrieved 2026-12-01)', then the "
    "newest dated row of the file where it has one"
)


class SnapshotPublication(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    published_at: str | None = Field(description=PUBLISHED_AT)
    publication_known: bool = Field(description="Whether `published_at` is known")
    publication: str = Field(description=PUBLICATION)


class SnapshotOut(SnapshotPublication):
    """One snapshot kept (`GET /v1/snapshots`)."""

    source: str
    origin: str
    retrieved_at: str
    publication_basis: str | None = Field(
        description="How `published_at` is known: `stated` (given when the list was loaded), "
        "`file` (the file's own generation date), or null (not known)"
    )
    file_date: dict[str, str] | None = Field(
        description="The date the file states about itself: `at`, `field` (e.g. "
        "`dateGenerated`, `start_date`, `Last_Update`) and `kind` (`generated`: its "
        "publication; `newest_row`: only the newest dated row, the publication is later)"
    )
    sha256: str
    entries: int


class SnapshotsResponse(BaseModel):
    snapshots: list[SnapshotOut]


class ListRow(BaseModel):
    """One list code of one source in force (`GET /v1/lists`)."""

    list: str
    source: str
    entries: int
    snapshot: int
    retrieved_at: str
    published_at: str | None = Field(description=PUBLISHED_AT)
    publication_known: bool
    publication: str = Field(description=PUBLICATION)


class ListsResponse(BaseModel):
    lists: list[ListRow]


class ScreenResponse(BaseModel):
    """A `ScreeningResult`: hits ranked by score, with explanations and licence fields, and
    the snapshot ids screened against."""

    model_config = ConfigDict(extra="allow")

    party: dict[str, Any]
    alert: bool
    hits: list[dict[str, Any]]
    groups: list[dict[str, Any]] = Field(
        default_factory=list,
        description="The hits grouped by the real listed party behind them: `group` (stable "
        "id), `rows`, `entry_ids`, `sources`, `alert` and the `explanation` of the grouping",
    )
    thresholds: dict[str, float]
    snapshots: dict[str, SnapshotPublication] = Field(
        description="The snapshot of each source screened against: `id`, `sha256`, "
        "`published_at` (null when not known), `publication_known`, `publication`"
    )
    notes: list[str] = Field(
        default_factory=list,
        description="What the result says beside its hits: a name screened only partly "
        "(a Chinese-script company name read partly as pinyin) is never a clean no match",
    )
    engine_version: str
    screened_at: str
    saved: SavedOut | None = Field(default=None, description="With `save`: the alerts opened")


class BatchResponse(BaseModel):
    count: int
    alerts: int
    snapshots: dict[str, dict[str, Any]]
    results: list[ScreenResponse]
    saved: SavedOut | None = Field(default=None, description="With `save`: the alerts opened")


class HealthResponse(BaseModel):
    model_config = ConfigDict(extra="allow")

    status: str
    lists: list[dict[str, Any]]


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in (
        (401, "No key, or an unknown or revoked key"),
        (422, "Malformed request: one detail per field"),
        (429, "Rate limit exceeded: see Retry-After"),
        (503, "No list in force: screening fails closed"),
    )
}


class ShipmentPartyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=1000)
    role: str = Field(
        description="purchaser, intermediate_consignee, ultimate_consignee, end_user or other "
        "(15 CFR 748.5)."
    )
    country: str | None = Field(default=None, max_length=100)
    address: str | None = Field(default=None, max_length=2000)


class CheckRequest(BaseModel):
    """One shipment: its parties with roles, the item, the destination, optional date and
    the facts only the user knows (null: not known)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    parties: list[ShipmentPartyIn] = Field(min_length=1, max_length=50)
    item: str = Field(description="An ECCN (4A994, 5A992.c), EAR99 or unclassified.")
    destination: str = Field(description="ISO 3166-1 alpha-2 code.")
    date: str | None = Field(default=None, description="Check against the lists of that day.")
    foreign_produced: bool = False
    direct_product: bool | None = None
    food_or_medicine: bool | None = None
    meu_supplement_2: bool | None = None
    supplement_7_746: bool | None = None
    project_end_use: bool | None = None
    ofac_authorised: bool = False


class CheckResponse(BaseModel):
    """A `Determination`: the outcome per party and overall, reasons with citations."""

    model_config = ConfigDict(extra="allow")

    outcome: str
    review_policy: str | None
    citations: list[str]
    parties: list[dict[str, Any]]
    caveat: str
    snapshots: dict[str, dict[str, Any]]


def error_responses(*pairs: tuple[int, str]) -> dict[int | str, dict[str, Any]]:
    """A route's error answers for the OpenAPI document: (status, what it means), in order."""
    return {status: {"model": ErrorResponse, "description": text} for status, text in pairs}


ADMIN_KEY = (403, "The key is not an admin key")
UPLOAD_TOO_LARGE = (413, "Upload too large")
NOT_FOUND = error_responses((404, "No such entry, source or snapshot"))
ADMIN_ONLY = error_responses(
    (400, "A body that cannot be read (e.g. broken multipart data)"),
    (403, "The key's role may not do this (an admin key is needed)"),
)
REVIEW_ERRORS = error_responses(
    (403, "The caller's role may not do this, or four eyes forbids it"),
    (404, "No such alert or user"),
    (409, "The alert is not waiting for what the action does"),
)
