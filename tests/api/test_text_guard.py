"""Text no database column can store is refused at the door, for every endpoint."""

from __future__ import annotations

import json

import pytest

from entitylist.api.text_guard import unstorable, unstorable_in_body, unstorable_in_json


def scope(path: str = "/v1/decisions", query: bytes = b"") -> dict[str, object]:
    return {"type": "http", "path": path, "query_string": query}


def test_a_nul_in_the_query_string_is_refused() -> None:
    assert unstorable(scope(query=b"party=a%00b")) == "query"


def test_a_lone_surrogate_in_the_path_is_refused() -> None:
    assert unstorable(scope(path="/v1/parties/\ud800")) == "path"


def test_ordinary_text_passes() -> None:
    assert unstorable(scope(query=b"party=C1042&q=Inspur+%28Taiwan%29")) is None
    assert unstorable(scope(path="/v1/parties/Jos%C3%A9")) is None


def test_a_nul_inside_a_json_body_is_found_with_its_place() -> None:
    assert unstorable_in_json({"party_id": "G\x00", "verdict": "escalated"}) == "body.party_id"
    assert unstorable_in_json({"names": ["ok", "b\ud902"]}) == "body.names[1]"
    assert unstorable_in_json({"\udbdf": 1}) == "body (a key)"


def test_ordinary_json_passes() -> None:
    ordinary = {"name": "Jos\u00e9 \u534e\u4e3a", "n": [1, None, {"a": True}]}
    assert unstorable_in_json(ordinary) is None


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b'{"name": "a\\u0000b"}', "body.name"),
        (b'{"names": ["ok", "b\\ud902"]}', "body.names[1]"),
        (b'{"n": "\\uDBDF"}', "body.n"),
        (b'{"n": "a\xed\xa0\x80"}', "body.n"),  # a surrogate in UTF-8 form
        (json.dumps({"n": "a\x00"}).encode("utf-16"), "body.n"),
    ],
)
def test_every_way_a_body_can_carry_unstorable_text_is_found(body: bytes, where: str) -> None:
    assert unstorable_in_body(body) == where


@pytest.mark.parametrize(
    "body",
    [
        b'{"n": "\\ud83d\\ude00"}',  # a surrogate pair: one character
        b'{"n": "\\\\u0000"}',  # a backslash, then the letters u0000
        '{"n": "Jos\u00e9 \u534e\u4e3a \ud7ff \ue000"}'.encode(),
        b"not json \\u0000",
    ],
)
def test_bodies_without_unstorable_text_pass(body: bytes) -> None:
    assert unstorable_in_body(body) is None
