"""Text no database column can store is refused at the door, for every endpoint."""

from __future__ import annotations

from entitylist.api.text_guard import unstorable, unstorable_in_json


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
