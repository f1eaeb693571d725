"""Webhook delivery against a real receiver on 127.0.0.1: signature, retries, back-off."""

from __future__ import annotations

import json
import socket

import pytest

from entitylist.errors import InputError
from entitylist.monitoring.webhook import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    post,
    redact,
    verify_signature,
)
from receiver import receiver

PAYLOAD = {"run": {"id": 3}, "events": [{"kind": "new", "party": {"id": "C1"}}]}
SECRET = "s3cret-shared-with-receiver"


def test_signed_post_verifies_at_the_receiver() -> None:
    with receiver() as r:
        delivery = post(r.url, PAYLOAD, SECRET)
    assert delivery.delivered and delivery.attempts == 1 and delivery.status == 200
    (got,) = r.requests
    assert json.loads(got.body) == PAYLOAD
    assert verify_signature(
        SECRET, got.headers[TIMESTAMP_HEADER], got.body, got.headers[SIGNATURE_HEADER]
    )
    assert not verify_signature(
        "wrong", got.headers[TIMESTAMP_HEADER], got.body, got.headers[SIGNATURE_HEADER]
    )
    assert not verify_signature(
        SECRET, got.headers[TIMESTAMP_HEADER], got.body + b" ", got.headers[SIGNATURE_HEADER]
    )


def test_retries_with_back_off_until_delivered() -> None:
    waits: list[float] = []
    with receiver([503, 500, 429]) as r:
        delivery = post(r.url, PAYLOAD, SECRET, backoff=0.5, sleep=waits.append)
    assert delivery.delivered and delivery.attempts == 4
    assert waits == [0.5, 1.0, 2.0]
    assert len({req.body for req in r.requests}) == 1  # the same body every time


def test_client_error_is_not_retried() -> None:
    with receiver([401]) as r:
        delivery = post(r.url, PAYLOAD, SECRET, sleep=lambda _: None)
    assert not delivery.delivered and delivery.attempts == 1 and delivery.status == 401


def test_unreachable_receiver_gives_up_after_the_attempts() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    waits: list[float] = []
    delivery = post(
        f"http://127.0.0.1:{port}/x", PAYLOAD, SECRET, attempts=3, backoff=0.1, sleep=waits.append
    )
    assert not delivery.delivered and delivery.attempts == 3 and delivery.status is None
    assert "ConnectError" in (delivery.error or "") and waits == [0.1, 0.2]


def test_no_secret_or_bad_url_is_refused() -> None:
    with pytest.raises(InputError, match="secret"):
        post("http://127.0.0.1:1/x", PAYLOAD, "")
    with pytest.raises(InputError, match="http"):
        post("ftp://example.org/x", PAYLOAD, SECRET)


def test_redact_drops_credentials_and_query() -> None:
    assert (
        redact("https://user:pw@hooks.example.com:8443/a/b?token=x")
        == "https://hooks.example.com:8443/a/b"
    )
