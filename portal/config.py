"""Every setting declared once: variable, default, help, parser and whether it is secret.

`Config` is made from these declarations alone; settings are read from `KB_*` environment
variables and options, parsed and validated together, so an operator sees every mistake at once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from portal.errors import PlainhelpError
from portal.guides.vocabulary import ANNOUNCEMENT_CHARS

LOG_LEVELS = ("debug", "info", "warning", "error")
T = TypeVar("T")


class ConfigError(PlainhelpError, ValueError):
    """One or more settings are wrong; `errors` holds a plain sentence for each."""

    exit_code = 2

    def __init__(self, errors: list[str]) -> None:
        count = f"{len(errors)} settings need" if len(errors) > 1 else "A setting needs"
        super().__init__(f"{count} fixing; `kb settings` lists what each one takes.", errors)
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
    if re.match(r"^rediss?://", value):  # sentinel and cluster name several hosts
        from urllib.parse import urlsplit

        broken = "has a port that is not a number from 1 to 65535 (redis://host:6379/0)"
        try:
            port = urlsplit(value).port
        except ValueError:
            raise ValueError(broken) from None
        if port == 0:
            raise ValueError(broken)
    return value


def _switch(value: str) -> bool:
    words = {"on": True, "true": True, "1": True, "yes": True}
    words |= {"off": False, "false": False, "0": False, "no": False}
    if value.lower() not in words:
        raise ValueError("must be on or off")
    return words[value.lower()]


def _header_name(value: str) -> str:
    if value and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}", value):
        raise ValueError("must be a header name such as X-Remote-User, or empty")
    return value


def _source_url(value: str) -> str:
    """A web address a guide's path is added to: empty, or http(s) ending in one slash."""
    if not value:
        return value
    if not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", value):
        raise ValueError(
            "must be a web address such as https://git.example.com/help/blob/main/content/ "
            "(no spaces, ? or #), or empty"
        )
    return value.rstrip("/") + "/"


def _log_level(value: str) -> str:
    if value.lower() not in LOG_LEVELS:
        raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
    return value.lower()


HIDDEN = "***"
# An option whose name says it holds a secret (`?password=`, `sentinel_password=`, `token=`...).
_CREDENTIAL_OPTION = re.compile(
    r"(?:^|[?&;#,\s])[^=?&;#,\s]*(?:pass|pw|secret|token|key|auth|cred)[^=?&;#,\s]*\s*=",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/*")


def _userinfo(value: str) -> tuple[int, int] | None:
    """Where the password (or a lone user token) of a URL is: after `user:`, up to the last @."""
    at = value.rfind("@")
    head = value[:at]
    if "://" in head:
        start = head.index("://") + 3
    elif scheme := _SCHEME.match(head):
        start = scheme.end()
    elif head.startswith("//"):
        start = 2
    elif ":" in head:
        start = 0  # `user:password@host` without a scheme
    else:
        return None  # no URL around the @, such as an e-mail address
    colon = head.find(":", start)
    begin = colon + 1 if 0 <= colon < at - 1 else start  # `name:@`: the name may be the secret
    return (begin, at) if begin < at else None


def hide_credentials(value: str) -> str:
    """Any setting's text as a terminal or a log may show it: passwords and tokens as ***.

    Hides the password of `user:password@` (a lone `token@` whole) and everything after an
    option such as `?password=`. It hides too much rather than too little: a password holding
    an unencoded `@`, `/`, `?` or `&` is still hidden whole, even in a value that is not valid.
    """
    hidden = [False] * len(value)
    spans = []
    if "@" in value and (found := _userinfo(value)):
        spans.append(found)
    if option := _CREDENTIAL_OPTION.search(value):
        spans.append((option.end(), len(value)))
    for begin, end in spans:
        hidden[begin:end] = [True] * (end - begin)
    shown: list[str] = []
    for index, char in enumerate(value):
        if not hidden[index]:
            shown.append(char)
        elif index == 0 or not hidden[index - 1]:
            shown.append(HIDDEN)
    return "".join(shown)


def _as_text(value: Any) -> str:
    """An override from code (a Path, a number, a switch, a list) as the text a variable holds."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(str(item) for item in value)
    return str(value)


class Setting(Generic[T]):
    """One setting, declared once on `Config`: its variable, default, help text and parser."""

    def __init__(
        self,
        env: str,
        default: str,
        help: str,
        parse: Callable[[str], T],
        secret: bool = False,
        show: Callable[[str], str] | None = None,
    ) -> None:
        self.env = env
        self.default = default
        self.help = help
        self.parse = parse
        self.secret = secret
        self.show = show
        self.key = env.removeprefix("KB_").lower()

    def __set_name__(self, owner: type, name: str) -> None:
        if name != self.key:
            raise TypeError(f"{owner.__name__}.{name} must be named {self.key}")

    @overload
    def __get__(self, instance: None, owner: type) -> Setting[T]: ...
    @overload
    def __get__(self, instance: object, owner: type) -> T: ...
    def __get__(self, instance: object | None, owner: type) -> Setting[T] | T:
        if instance is None:
            return self
        value: T = instance.__dict__["_values"][self.key]
        return value

    def shown(self, value: Any) -> str:
        """The value as a terminal or a log may show it: a secret only says whether it is set,
        and credentials inside any other value (a URL's password) are hidden."""
        if self.secret:
            return "(set)" if value else "(not set)"
        text = _as_text(value)
        return hide_credentials(self.show(text) if self.show else text)


class Config:
    """Validated settings for the portal and the `kb` command, one attribute per setting."""

    content_dir = Setting(
        "KB_CONTENT_DIR", "content", "Folder of Markdown guides to build and search.", _path
    )
    site_dir = Setting(
        "KB_SITE_DIR",
        "site",
        "Where the built static site is served from: a link `kb build` points at each new "
        "build, kept beside it in `<name>.builds/`.",
        _path,
    )
    var_dir = Setting(
        "KB_VAR_DIR", "var", "Folder for local state such as the search index.", _path
    )
    mkdocs_config = Setting(
        "KB_MKDOCS_CONFIG", "mkdocs.yml", "The MkDocs configuration of the site.", _path
    )
    host = Setting("KB_HOST", "127.0.0.1", "Address `kb serve` listens on.", str)
    port = Setting("KB_PORT", "8000", "Port `kb serve` listens on.", _port)
    threads = Setting(
        "KB_THREADS", "8", "Threads of each worker process of the WSGI server.", _positive
    )
    workers = Setting(
        "KB_WORKERS",
        "1",
        "Worker processes of `kb serve`: 1 runs waitress; more run gunicorn (Linux and macOS).",
        _positive,
    )
    ratelimit_storage = Setting(
        "KB_RATELIMIT_STORAGE",
        "memory://",
        "Where rate limits are counted: `memory://` (each process) or `redis://host:6379/0` "
        "(shared by every worker and machine).",
        _ratelimit_storage,
        show=hide_credentials,
    )
    access_log = Setting(
        "KB_ACCESS_LOG",
        "on",
        "One JSON line per request on standard error (no addresses, no query text): on or off.",
        _switch,
    )
    log_level = Setting("KB_LOG_LEVEL", "info", f"Log level: {', '.join(LOG_LEVELS)}.", _log_level)
    cors_origins = Setting(
        "KB_CORS_ORIGINS",
        "",
        "Intranet origins allowed to call the search API from their pages, comma-separated.",
        _origins,
    )
    database_url = Setting(
        "KB_DATABASE_URL",
        "",
        "Where feedback and search counts are stored: `postgresql://user:pass@host/db`; "
        "empty means a SQLite file in KB_VAR_DIR.",
        _database_url,
        show=hide_credentials,
    )
    retention_days = Setting(
        "KB_RETENTION_DAYS",
        "180",
        "Days feedback, searches, clicks, lessons' answers and troubleshooter steps are kept; "
        "`kb purge` and the portal delete older ones.",
        _positive,
    )
    feedback_per_minute = Setting(
        "KB_FEEDBACK_PER_MINUTE",
        "10",
        "Feedback answers one visitor may send per minute before being asked to wait "
        "(clicks on search results: three times as many).",
        _positive,
    )
    feedback_per_address_per_hour = Setting(
        "KB_FEEDBACK_PER_ADDRESS_PER_HOUR",
        "120",
        "Feedback answers one network address may send per hour, for everyone behind it "
        "together (clicks: three times as many; searches counted for the report: ten times).",
        _positive,
    )
    admin_password = Setting(
        "KB_ADMIN_PASSWORD",
        "",
        "Password of the writers' dashboard at /admin (12 characters or more); empty turns it off.",
        _optional_secret,
        secret=True,
    )
    secret_key = Setting(
        "KB_SECRET_KEY",
        "",
        "Signs the dashboard's login cookie; empty means a random key kept in KB_VAR_DIR.",
        _optional_secret,
        secret=True,
    )
    proxies = Setting(
        "KB_PROXIES",
        "0",
        "How many reverse proxies sit in front of the portal (their X-Forwarded-* headers are "
        "then trusted).",
        _count,
    )
    status_file = Setting(
        "KB_STATUS_FILE",
        "",
        "A text file whose words are shown at the top of every page, such as an outage notice "
        f"(first {ANNOUNCEMENT_CHARS} characters); empty means status.txt in KB_VAR_DIR.",
        str,
    )
    status_cache_seconds = Setting(
        "KB_STATUS_CACHE_SECONDS",
        "15",
        "Seconds each portal process reuses the announcement before asking the store again "
        "(0: on every request).",
        _count,
    )
    completion_header = Setting(
        "KB_COMPLETION_HEADER",
        "",
        "Completion records: the header your trusted proxy sets to the signed-in person "
        "(such as X-Remote-User); empty keeps no record of any person.",
        _header_name,
    )
    source_url = Setting(
        "KB_SOURCE_URL",
        "",
        "Where the dashboard links each guide's source file: a web address the guide's path "
        "under content/ is added to (such as https://git.example.com/help/blob/main/content/); "
        "empty shows no such links.",
        _source_url,
    )

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__["_values"] = dict(values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Settings are read once at start; make a new Config instead.")

    def __repr__(self) -> str:
        shown = (f"{s.key}={s.shown(getattr(self, s.key))!r}" for s in SETTINGS)
        return f"Config({', '.join(shown)})"

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
        """Read settings from the environment, then apply overrides (e.g. command options).

        Overrides are parsed and validated exactly like the variables they stand for.
        """
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        errors: list[str] = []
        for setting in SETTINGS:
            if overrides.get(setting.key) is not None:
                raw = _as_text(overrides[setting.key])
                source = f"--{setting.key.replace('_', '-')}"
            else:
                raw = environ.get(setting.env, setting.default)
                source = setting.env
            try:
                values[setting.key] = setting.parse(raw.strip())
            except ValueError as error:
                reason = str(error)
                if reason.startswith("invalid literal"):
                    reason = "must be a whole number"
                shown = setting.shown(raw) if setting.secret else repr(setting.shown(raw))
                errors.append(f"{source} is {shown}, but it {reason}.")
        known = {setting.key for setting in SETTINGS}
        errors.extend(
            f"There is no setting called {name!r}." for name in sorted(set(overrides) - known)
        )
        if errors:
            raise ConfigError(errors)
        return cls(values)


# Every setting, in the order they are declared on Config.
SETTINGS: tuple[Setting[Any], ...] = tuple(
    v for v in vars(Config).values() if isinstance(v, Setting)
)


def settings_table() -> str:
    """The settings as a Markdown table, for the README and `kb settings`."""
    rows = ["| variable | default | what it does |", "| --- | --- | --- |"]
    rows += [
        f"| `{s.env}` | {f'`{s.default}`' if s.default else '(none)'} | {s.help} |"
        for s in SETTINGS
    ]
    return "\n".join(rows)
