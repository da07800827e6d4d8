"""Settings: declared once, read from KB_* variables, every mistake reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.config import SETTINGS, Config, ConfigError, settings_table
from portal.web.app import create_app


def test_defaults_are_safe() -> None:
    config = Config.load({})
    assert config.host == "127.0.0.1"
    assert config.port == 8000
    assert config.content_dir == Path("content")
    assert config.site_dir == Path("site")


def test_environment_and_overrides() -> None:
    config = Config.load({"KB_PORT": "9000", "KB_CONTENT_DIR": "docs"}, port="9100")
    assert config.port == 9100
    assert config.content_dir == Path("docs")


def test_all_errors_together() -> None:
    with pytest.raises(ConfigError) as caught:
        Config.load({"KB_PORT": "70000", "KB_THREADS": "many"}, colour="blue")
    assert caught.value.errors == [
        "KB_PORT is '70000', but it must be a port number from 1 to 65535.",
        "KB_THREADS is 'many', but it must be a whole number.",
        "There is no setting called 'colour'.",
    ]


def test_create_app_validates_too() -> None:
    with pytest.raises(ConfigError):
        create_app({"port": "0"})


def test_settings_table_lists_every_setting() -> None:
    table = settings_table()
    for setting in SETTINGS:
        assert f"`{setting.env}`" in table


@pytest.mark.parametrize(
    "address", ["redis://:pw@host:abc/0", "redis://host:99999/0", "rediss://h:-1/0", "redis://h:6x"]
)
def test_a_redis_address_with_a_broken_port_is_a_plain_setting_error(address: str) -> None:
    with pytest.raises(ConfigError) as refused:
        Config.load(ratelimit_storage=address)
    [message] = refused.value.errors
    assert "port that is not a number" in message and ":pw@" not in message
