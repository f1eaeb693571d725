"""Text no database column can store is refused at the door, for every endpoint."""

from __future__ import annotations

from entitylist.api.text_guard import unstorable


def scope(path: str = "/v1/decisions", query: bytes = b"") -> dict[str, object]:
    return {"type": "http", "path": path, "query_string": query}


def test_a_nul_in_the_query_string_is_refused() -> None:
    assert unstorable(scope(query=b"party=a%00b")) == "query"


def test_a_lone_surrogate_in_the_path_is_refused() -> None:
    assert unstorable(scope(path="/v1/parties/\ud800")) == "path"


def test_ordinary_text_passes() -> None:
    assert unstorable(scope(query=b"party=C1042&q=Inspur+%28Taiwan%29")) is None
    assert unstorable(scope(path="/v1/parties/Jos%C3%A9")) is None
