"""Service settings come from ENTITYLIST_API_* (how `serve` hands them to its workers)."""

from __future__ import annotations

from entitylist.service.config import ApiConfig


def test_environment_overrides_and_round_trip() -> None:
    config = ApiConfig.from_env(
        {
            "ENTITYLIST_API_RATE_PER_SECOND": "12.5",
            "ENTITYLIST_API_MAX_BATCH": "10",
            "ENTITYLIST_API_SECURE_COOKIES": "true",
            "ENTITYLIST_API_RATE_BURST": "",
        }
    )
    assert config.rate_per_second == 12.5
    assert config.max_batch == 10
    assert config.secure_cookies is True
    assert config.rate_burst == ApiConfig().rate_burst
    assert ApiConfig.from_env(config.to_env()) == config
