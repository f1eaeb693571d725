"""The Entry record: serialisation is lossless and the content hash ignores identity."""

from __future__ import annotations

import dataclasses
from datetime import date

from entitylist.model import (
    Address,
    Citation,
    Entry,
    EntryType,
    Identifier,
    Licence,
    LicenceScope,
    ReviewPolicy,
)

FULL = Entry(
    list_code="EL",
    source_id="abc",
    key="EL:n:inspur-taiwan-co-ltd",
    name="Inspur Taiwan Co., Ltd.",
    entry_type=EntryType.ENTITY,
    aliases=("Inspur (Taiwan) Company Limited",),
    addresses=(Address(text="New Taipei City, TW", city="New Taipei City", country="TW"),),
    countries=("TW",),
    programs=("EAR",),
    start_date=date(2025, 3, 25),
    end_date=None,
    remarks="Subsidiary of Inspur Group.",
    source_urls=("https://www.bis.gov/entity-list",),
    citations=(
        Citation(text="90 FR 13422, 3/25/25", volume=90, page=13422, date=date(2025, 3, 25)),
    ),
    licence=Licence(
        "For all items subject to the EAR.",
        LicenceScope.ALL_ITEMS,
        "Presumption of denial.",
        ReviewPolicy.PRESUMPTION_OF_DENIAL,
    ),
    title=None,
    identifiers=(Identifier(kind="USCC", value="91110000", country="CN"),),
    dates_of_birth=("1970",),
    places_of_birth=("Jinan",),
    nationalities=("CN",),
    citizenships=("CN",),
    extra={"standard_order": "N"},
    raw={"name": "Inspur Taiwan Co., Ltd.", "cells": ["a", "b"]},
    derived_id=True,
)


def test_every_field_survives_a_round_trip_through_dict() -> None:
    data = FULL.to_dict()
    assert set(data) == {f.name for f in dataclasses.fields(Entry)}
    assert Entry.from_dict(data) == FULL


def test_the_content_hash_ignores_identity_and_the_raw_record() -> None:
    moved = dataclasses.replace(FULL, key="EL:other", source_id="xyz", raw={}, derived_id=False)
    assert moved.content_hash() == FULL.content_hash()
    renamed = dataclasses.replace(FULL, aliases=("Inspur Taiwan",))
    assert renamed.content_hash() != FULL.content_hash()
    assert FULL.content_hash(FULL.to_dict()) == FULL.content_hash()


def test_names_put_the_primary_name_first_without_repeats() -> None:
    entry = dataclasses.replace(FULL, aliases=("A", FULL.name, "A", "B"))
    assert entry.names == (FULL.name, "A", "B")
