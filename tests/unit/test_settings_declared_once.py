"""Each setting is declared once on Config: its type, its parser, and whether it is secret."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from portal.config import SETTINGS, Config, ConfigError, Setting


def test_config_is_made_from_the_declarations_alone() -> None:
    config = Config.load({})
    declared = [name for name, value in vars(Config).items() if isinstance(value, Setting)]
    assert declared == [setting.key for setting in SETTINGS]
    for setting in SETTINGS:
        assert setting.env == f"KB_{setting.key.upper()}"
        assert getattr(config, setting.key) == setting.parse(setting.default)


def test_settings_cannot_change_after_start() -> None:
    config = Config.load({})
    with pytest.raises(AttributeError):
        config.port = 1


def test_overrides_from_code_are_parsed_and_validated_like_variables() -> None:
    config = Config.load(
        {},
        content_dir=Path("guides"),
        port=9000,
        access_log=False,
        cors_origins=("https://intranet.example.com",),
        feedback_per_minute=5,
    )
    assert config.content_dir == Path("guides")
    assert config.port == 9000
    assert config.access_log is False
    assert config.cors_origins == ("https://intranet.example.com",)
    with pytest.raises(ConfigError) as caught:
        Config.load({}, port=70000, workers=0, cors_origins=["not an origin"], access_log="maybe")
    assert caught.value.errors == [
        "--port is '70000', but it must be a port number from 1 to 65535.",
        "--workers is '0', but it must be a whole number of 1 or more.",
        "--access-log is 'maybe', but it must be on or off.",
        "--cors-origins is 'not an origin', but it must be origins such as "
        "https://intranet.example.com, comma-separated.",
    ]


def test_secret_is_a_property_of_the_setting() -> None:
    secret = {s.env for s in SETTINGS if s.secret}
    assert secret == {"KB_ADMIN_PASSWORD", "KB_SECRET_KEY"}
    config = Config.load(
        {"KB_ADMIN_PASSWORD": "correct horse battery", "KB_DATABASE_URL": "postgresql://u:pw@db/kb"}
    )
    shown = {s.env: s.shown(getattr(config, s.key)) for s in SETTINGS}
    assert shown["KB_ADMIN_PASSWORD"] == "(set)"
    assert shown["KB_SECRET_KEY"] == "(not set)"
    assert shown["KB_DATABASE_URL"] == "postgresql://u:***@db/kb"
    assert "correct horse" not in repr(config) and "pw@" not in repr(config)


def test_a_refused_secret_is_not_repeated_in_the_error() -> None:
    with pytest.raises(ConfigError) as caught:
        Config.load({"KB_ADMIN_PASSWORD": "hunter2"})
    assert caught.value.errors == [
        "KB_ADMIN_PASSWORD is (set), but it must be at least 12 characters long."
    ]
    assert "hunter2" not in str(caught.value)


def test_attribute_types_are_the_parsers_types() -> None:
    """The type checker sees `config.port` as an int because the descriptor is generic."""
    hints = typing.get_type_hints(Setting.__get__)
    assert "return" in hints
    config = Config.load({})
    assert isinstance(config.port, int) and isinstance(config.var_dir, Path)
    assert isinstance(config.cors_origins, tuple)
