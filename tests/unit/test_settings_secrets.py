"""No setting shows a password: `kb settings --values`, `repr(config)` and the error for a refused
value hide credentials inside any value (a URL's `user:password@`, `?password=`), for every
setting, the tester's Redis addresses and many generated URLs."""

from __future__ import annotations

import string
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from portal.cli import main
from portal.config import SETTINGS, Config, ConfigError, Setting, hide_credentials

SECRET = "Tr0ub4dor&3xyzzy"

# The tester's report: KB_RATELIMIT_STORAGE printed with its password.
REPORTED = [
    f"redis://:{SECRET}@host:6379/0",
    f"redis://user:{SECRET}@host/0",
    f"rediss://user:{SECRET}@host:6380/0",
    f"redis+sentinel://:{SECRET}@sentinel-1:26379,sentinel-2:26379/mymaster",
    f"redis://host/0?password={SECRET}",
    f"redis+cluster://:{SECRET}@node-1:7000,node-2:7001",
    f"redis://host/0?db=1&sentinel_password={SECRET}&ssl=true",
]


def _everything_shown(env: dict[str, str]) -> str:
    """What a terminal or a log can see of these settings: `kb settings --values`, the repr,
    and the error when a value is refused."""
    result = CliRunner().invoke(main, ["settings", "--values"], env=env)
    seen = result.output + repr(result.exception)
    try:
        seen += repr(Config.load(env))
    except ConfigError as error:
        seen += str(error) + "\n".join(error.errors)
    return seen


def _variable(setting: Setting[object]) -> str:
    return setting.env


@pytest.mark.parametrize("url", REPORTED)
def test_kb_settings_values_hides_the_reported_redis_passwords(url: str) -> None:
    result = CliRunner().invoke(main, ["settings", "--values"], env={"KB_RATELIMIT_STORAGE": url})
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("KB_RATELIMIT_STORAGE="))
    assert SECRET not in result.output
    assert "***" in line
    assert "host" in line or "node-1" in line or "sentinel-1" in line  # the address stays useful


@pytest.mark.parametrize("url", REPORTED)
@pytest.mark.parametrize("setting", SETTINGS, ids=_variable)
def test_no_setting_shows_the_password_anywhere(url: str, setting: Setting[object]) -> None:
    assert SECRET not in _everything_shown({setting.env: url})


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("KB_DATABASE_URL", f"mysql://root:{SECRET}@db/kb"),
        ("KB_DATABASE_URL", f"postgres://kb:{SECRET}@db/kb"),
        ("KB_RATELIMIT_STORAGE", f"redis:/:{SECRET}@host"),  # a slash short
        ("KB_RATELIMIT_STORAGE", f":{SECRET}@host:6379"),  # no scheme
        ("KB_RATELIMIT_STORAGE", f"memcached://host?password={SECRET}"),
        ("KB_CORS_ORIGINS", f"https://user:{SECRET}@intranet.example.com/path"),
        ("KB_PORT", f"redis://:{SECRET}@host"),
    ],
)
def test_the_error_for_a_refused_value_does_not_repeat_its_password(
    variable: str, value: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        Config.load({variable: value})
    text = str(caught.value) + "\n".join(caught.value.errors)
    assert variable in text and "***" in text
    assert SECRET not in text


def test_the_database_url_reads_as_before() -> None:
    config = Config.load({"KB_DATABASE_URL": f"postgresql://kb:{SECRET}@db:5432/kb"})
    assert Config.database_url.shown(config.database_url) == "postgresql://kb:***@db:5432/kb"


@pytest.mark.parametrize(
    "value",
    ["memory://", "redis://localhost:6379/0", "content", "help@example.com", "127.0.0.1", ""],
)
def test_values_without_credentials_are_shown_as_they_are(value: str) -> None:
    assert hide_credentials(value) == value


# The class: any URL-shaped value with a password, wherever it sits.
SCHEMES = st.sampled_from(
    ["redis", "rediss", "redis+sentinel", "redis+cluster", "postgresql", "postgresql+psycopg",
     "sqlite", "memory", "mysql", "https", "http", "amqp", "x-y.z"]
)  # fmt: skip
WORD = st.text(string.ascii_letters + string.digits + "-._", min_size=1, max_size=12)
# Passwords with anything in them, URL delimiters included; long enough to be recognisable.
PASSWORD = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=10, max_size=24
)
OPTION = st.sampled_from(
    ["password", "PASSWORD", "pass", "pwd", "pw", "sentinel_password", "sslpassword", "token",
     "auth", "secret", "api_key", "passwd"]
)  # fmt: skip


@st.composite
def url_with_secret(draw: st.DrawFn) -> tuple[str, str]:
    """(a URL, the password in it as written there: raw or percent-encoded)."""
    password = draw(PASSWORD)
    written = draw(st.sampled_from([password, quote(password, safe="")]))
    scheme = draw(SCHEMES)
    slashes = draw(st.sampled_from(["://", "://", ":/", ":"]))
    user = draw(st.one_of(st.just(""), WORD))
    hosts = ",".join(draw(st.lists(WORD, min_size=1, max_size=3)))
    port = draw(st.one_of(st.just(""), st.integers(1, 65535).map(lambda p: f":{p}")))
    path = draw(st.sampled_from(["", "/0", "/kb", "/mymaster"]))
    before = draw(st.sampled_from(["", "db=1&", "ssl=true&"]))
    after = draw(st.sampled_from(["", "&db=2", "&timeout=5"]))
    where = draw(st.sampled_from(["userinfo", "lone", "option", "both"]))
    hole = "\x00"  # where the password goes
    info = {"userinfo": f"{user}:{hole}@", "lone": f"{hole}@"}.get(where, f"{user}:x@")
    if where == "option":
        info = ""
    query = ""
    if where in ("option", "both"):
        query = f"?{before}{draw(OPTION)}={hole}{after}"
    template = f"{scheme}{slashes}{info}{hosts}{port}{path}{query}"
    rest = template.replace(hole, " ")
    assume(written not in rest and written[len(written) // 2 :] not in rest)
    return template.replace(hole, written), written


def _leaks(seen: str, written: str, anyway: str = "") -> list[str]:
    """The password as written in the URL, or its second half, seen anywhere (unless it is
    seen `anyway`, with another password in its place)."""
    pieces = (written, written[len(written) // 2 :])
    return [piece for piece in pieces if piece in seen and piece not in anyway]


@settings(max_examples=300, deadline=None)
@given(made=url_with_secret(), setting=st.sampled_from(SETTINGS))
def test_no_generated_password_is_shown_by_any_setting(
    made: tuple[str, str], setting: Setting[object]
) -> None:
    url, written = made
    anyway = _everything_shown({setting.env: url.replace(written, "x")})
    assert _leaks(_everything_shown({setting.env: url}), written, anyway) == []


@settings(max_examples=1000, deadline=None)
@given(made=url_with_secret())
def test_hide_credentials_never_shows_a_password(made: tuple[str, str]) -> None:
    url, written = made
    shown = hide_credentials(url)
    assert _leaks(shown, written) == []
    assert "***" in shown
