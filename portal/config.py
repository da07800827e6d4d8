"""Every setting in one place: name, default and help, read from `KB_*` environment variables.

Settings are validated together at start, so an operator sees every mistake at once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

LOG_LEVELS = ("debug", "info", "warning", "error")


class ConfigError(ValueError):
    """One or more settings are wrong; `errors` holds a plain sentence for each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _path(value: str) -> Path:
    if not value.strip():
        raise ValueError("must be a folder or file path")
    return Path(value).expanduser()


def _port(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 65535:
        raise ValueError("must be a port number from 1 to 65535")
    return number


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError("must be a whole number of 1 or more")
    return number


def _count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be a whole number of 0 or more")
    return number


def _origins(value: str) -> tuple[str, ...]:
    origins = tuple(o.strip().rstrip("/") for o in value.split(",") if o.strip())
    for origin in origins:
        if origin != "*" and not re.match(r"^https?://[^/\s]+$", origin):
            raise ValueError(
                "must be origins such as https://intranet.example.com, comma-separated"
            )
    return origins


def _database_url(value: str) -> str:
    if value and not re.match(r"^(sqlite|postgresql)(\+\w+)?://", value):
        raise ValueError("must start with sqlite:/// or postgresql://")
    return value


def _optional_secret(value: str) -> str:
    if value and len(value) < 12:
        raise ValueError("must be at least 12 characters long")
    return value


def _ratelimit_storage(value: str) -> str:
    if not re.match(r"^(memory|redis|rediss|redis\+sentinel|redis\+cluster)://", value):
        raise ValueError("must be memory:// or a Redis address such as redis://localhost:6379/0")
    return value


def _switch(value: str) -> bool:
    words = {"on": True, "true": True, "1": True, "yes": True}
    words |= {"off": False, "false": False, "0": False, "no": False}
    if value.lower() not in words:
        raise ValueError("must be on or off")
    return words[value.lower()]


def _log_level(value: str) -> str:
    if value.lower() not in LOG_LEVELS:
        raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
    return value.lower()


@dataclass(frozen=True)
class Setting:
    """One setting: its environment variable, default, help text and parser."""

    env: str
    default: str
    help: str
    parse: Callable[[str], Any]

    @property
    def key(self) -> str:
        return self.env.removeprefix("KB_").lower()


SETTINGS: tuple[Setting, ...] = (
    Setting("KB_CONTENT_DIR", "content", "Folder of Markdown guides to build and search.", _path),
    Setting(
        "KB_SITE_DIR", "site", "Folder the built static site is written to and served from.", _path
    ),
    Setting("KB_VAR_DIR", "var", "Folder for local state such as the search index.", _path),
    Setting("KB_MKDOCS_CONFIG", "mkdocs.yml", "The MkDocs configuration of the site.", _path),
    Setting("KB_HOST", "127.0.0.1", "Address `kb serve` listens on.", str),
    Setting("KB_PORT", "8000", "Port `kb serve` listens on.", _port),
    Setting("KB_THREADS", "8", "Threads of each worker process of the WSGI server.", _positive),
    Setting(
        "KB_WORKERS",
        "1",
        "Worker processes of `kb serve`: 1 runs waitress; more run gunicorn (Linux and macOS).",
        _positive,
    ),
    Setting(
        "KB_RATELIMIT_STORAGE",
        "memory://",
        "Where rate limits are counted: `memory://` (each process) or `redis://host:6379/0` "
        "(shared by every worker and machine).",
        _ratelimit_storage,
    ),
    Setting(
        "KB_ACCESS_LOG",
        "on",
        "One JSON line per request on standard error (no addresses, no query text): on or off.",
        _switch,
    ),
    Setting("KB_LOG_LEVEL", "info", f"Log level: {', '.join(LOG_LEVELS)}.", _log_level),
    Setting(
        "KB_CORS_ORIGINS",
        "",
        "Intranet origins allowed to call the search API from their pages, comma-separated.",
        _origins,
    ),
    Setting(
        "KB_DATABASE_URL",
        "",
        "Where feedback and search counts are stored: `postgresql://user:pass@host/db`; "
        "empty means a SQLite file in KB_VAR_DIR.",
        _database_url,
    ),
    Setting(
        "KB_RETENTION_DAYS",
        "180",
        "Days feedback, searches and clicks are kept; `kb purge` and the portal delete older ones.",
        _positive,
    ),
    Setting(
        "KB_FEEDBACK_PER_MINUTE",
        "10",
        "Feedback answers one visitor may send per minute before being asked to wait "
        "(clicks on search results: three times as many).",
        _positive,
    ),
    Setting(
        "KB_ADMIN_PASSWORD",
        "",
        "Password of the writers' dashboard at /admin (12 characters or more); empty turns it off.",
        _optional_secret,
    ),
    Setting(
        "KB_SECRET_KEY",
        "",
        "Signs the dashboard's login cookie; empty means a random key kept in KB_VAR_DIR.",
        _optional_secret,
    ),
    Setting(
        "KB_PROXIES",
        "0",
        "How many reverse proxies sit in front of the portal (their X-Forwarded-* headers are "
        "then trusted).",
        _count,
    ),
    Setting(
        "KB_STATUS_FILE",
        "",
        "A text file whose words are shown at the top of every page, such as an outage notice "
        "(first 280 characters); empty means status.txt in KB_VAR_DIR.",
        str,
    ),
    Setting(
        "KB_STATUS_CACHE_SECONDS",
        "15",
        "Seconds each portal process reuses the announcement before asking the store again "
        "(0: on every request).",
        _count,
    ),
)


@dataclass(frozen=True)
class Config:
    """Validated settings for the portal and the `kb` command."""

    content_dir: Path
    site_dir: Path
    var_dir: Path
    mkdocs_config: Path
    host: str
    port: int
    threads: int
    workers: int
    ratelimit_storage: str
    access_log: bool
    log_level: str
    cors_origins: tuple[str, ...]
    database_url: str
    retention_days: int
    feedback_per_minute: int
    admin_password: str
    secret_key: str
    proxies: int
    status_file: str
    status_cache_seconds: int

    @property
    def status_path(self) -> Path:
        """The announcement file: the configured one, else status.txt beside the index."""
        return (
            Path(self.status_file).expanduser() if self.status_file else self.var_dir / "status.txt"
        )

    @property
    def store_url(self) -> str:
        """The database to use: the configured one, else a SQLite file beside the index."""
        return self.database_url or f"sqlite:///{(self.var_dir / 'plainhelp.sqlite3').resolve()}"

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Config:
        """Read settings from the environment, then apply overrides (e.g. command options)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        errors: list[str] = []
        for setting in SETTINGS:
            if overrides.get(setting.key) is not None:
                raw: Any = overrides[setting.key]
                source = f"--{setting.key.replace('_', '-')}"
            else:
                raw = environ.get(setting.env, setting.default)
                source = setting.env
            if not isinstance(raw, str):
                values[setting.key] = raw
                continue
            try:
                values[setting.key] = setting.parse(raw.strip())
            except ValueError as error:
                reason = str(error)
                if reason.startswith("invalid literal"):
                    reason = "must be a whole number"
                errors.append(f"{source} is {raw!r}, but it {reason}.")
        unknown = set(overrides) - {f.name for f in fields(cls)}
        errors.extend(f"There is no setting called {name!r}." for name in sorted(unknown))
        if errors:
            raise ConfigError(errors)
        return cls(**values)


def settings_table() -> str:
    """The settings as a Markdown table, for the README and `kb settings`."""
    rows = ["| variable | default | what it does |", "| --- | --- | --- |"]
    rows += [
        f"| `{s.env}` | {f'`{s.default}`' if s.default else '(none)'} | {s.help} |"
        for s in SETTINGS
    ]
    return "\n".join(rows)
