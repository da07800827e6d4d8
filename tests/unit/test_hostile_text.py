"""A hostile world, in-process: the web layer's small helpers take any text a client can send
(titles, paths, numbers, JSON, method names, log lines) without raising, and bound what they
make of it. The same classes are tried over real HTTP in tests/system/test_hostile_text.py."""

from __future__ import annotations

import html
import json
import logging
import os
import re
import unicodedata
from http import HTTPStatus
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.web import metrics, observability
from portal.web.app import unexpected
from portal.web.blueprints.site import _inside, _kind
from portal.web.frame import START, TITLE_CHARS, PageFrame, html_text, page_title
from portal.web.json_body import MAX_DEPTH, BodyError, nesting_depth, parse_json, read_json
from portal.web.log_text import LINE_CHARS, LOG_CHARS, TRACEBACK_LINES, loggable, loggable_traceback
from portal.web.numbers import NumberError, required_number, whole_number
from tests.support.hostile import (
    NOT_HTML_TEXT,
    RAW_MARKUP,
    WINDOWS_PATHS,
    any_character,
    hostile_text,
    json_values,
    nested,
    numberish,
)

FAST = settings(max_examples=300, deadline=None)
# The most a note of length adds to a cut text: "… (1,234,567 characters)".
NOTE_CHARS = 40


def depth_of(value: object) -> int:
    """How deep lists and objects nest in a parsed JSON value."""
    if isinstance(value, list):
        return 1 + max((depth_of(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth_of(item) for item in value.values()), default=0)
    return 0


def strings_in(value: object) -> list[str]:
    """Every string in a parsed JSON value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [key, *strings_in(item)]]
    return []


def finite(value: object) -> bool:
    """Whether `value` is JSON proper: NaN and Infinity are Python's additions."""
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        return False
    return True


# D1: the page title was a regular-expression replacement string.


def title_of(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("query", [*WINDOWS_PATHS, "\\g<0>", "\\1", "$&"])
def test_a_windows_path_is_the_title_exactly_as_typed(tmp_path: Path, query: str) -> None:
    page = PageFrame(tmp_path).render(f"Search: {query} - Help", "<p>Results</p>")
    assert html.unescape(title_of(page)) == f"Search: {query.strip()} - Help"
    assert "\x08" not in page


@FAST
@given(title=hostile_text, content=hostile_text)
def test_any_title_is_escaped_real_text_on_one_line(title: str, content: str) -> None:
    frame = PageFrame(Path("/nonexistent-site"))  # the fallback frame
    page = frame.render(title, content)
    page.encode("utf-8")  # no lone surrogate left: the answer can be sent
    shown = title_of(page)
    assert "<" not in shown and not RAW_MARKUP.search(shown)
    text = html.unescape(shown)
    assert text == page_title(title)
    assert len(text) <= TITLE_CHARS
    assert not [ch for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")]
    assert not NOT_HTML_TEXT.search(page)
    # The content as given (only characters HTML forbids dropped), where "Skip to content" leads.
    assert page.split(START, 1)[1].startswith(
        f'\n<div id="kb-content">{html_text(content)}</div>\n'
    )


# D5: a path the file system could not look up was a 500.


@pytest.mark.parametrize(
    "path",
    ["a" * 256, "é" * 200, "a\x00b", "x/" * 3000, "../etc/passwd", "/etc/passwd", "loop/x"],
)
def test_a_path_the_file_system_cannot_look_up_is_nothing(tmp_path: Path, path: str) -> None:
    (tmp_path / "loop").symlink_to("loop")
    target = _inside(tmp_path, path)
    assert target is None or _kind(target) is None


def test_files_and_folders_are_still_found(tmp_path: Path) -> None:
    (tmp_path / "printing").mkdir()
    (tmp_path / "printing" / "index.html").write_text("<p>Printing</p>")
    assert _kind(_inside(tmp_path, "printing")) == "folder"  # type: ignore[arg-type]
    assert _kind(_inside(tmp_path, "printing/index.html")) == "file"  # type: ignore[arg-type]
    assert _inside(tmp_path, "") == tmp_path


segment = st.one_of(
    st.text(any_character, max_size=40),
    st.sampled_from([".", "..", "", "\x00", "\\", "~", "printing", "index.html"]),
    st.integers(200, 5000).map(lambda n: "x" * n),
)


@FAST
@given(segments=st.lists(segment, min_size=1, max_size=6))
def test_any_path_is_found_or_nothing_never_an_error(segments: list[str]) -> None:
    root = Path(__file__).resolve().parent
    target = _inside(root, "/".join(segments))
    if target is not None:
        assert _kind(target) in ("file", "folder", None)
        assert os.path.commonpath([root, os.path.normpath(target)]) == str(root)


# D14: int() and str.isdigit() accept Unicode digits and refuse 4,300-digit strings.


@pytest.mark.parametrize("raw", ["²", "①", "٣", "1e9", "-1", "9" * 5000, " 7", "7 ", "+7", ""])
def test_a_number_that_is_not_plain_ascii_digits_is_no_number(raw: str) -> None:
    assert whole_number(raw, 1, 10**9) is None
    with pytest.raises(NumberError, match=r"^days must be a whole number from 1 to 90\.$"):
        required_number("days", raw, 1, 90)


@FAST
@given(raw=numberish, low=st.integers(0, 100), span=st.integers(0, 10**9))
def test_any_text_is_a_bounded_number_or_none(raw: str, low: int, span: int) -> None:
    value = whole_number(raw, low, low + span)
    plain = raw.isascii() and raw.isdigit() and len(raw.lstrip("0")) <= 9
    if value is None:
        assert not plain or not low <= int(raw) <= low + span
    else:
        assert plain and value == int(raw) and low <= value <= low + span


# D4: json.loads recursed until Python gave up; lone surrogates reached the store.


def test_json_five_thousand_deep_is_refused_in_words() -> None:
    for body in ("[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000):
        with pytest.raises(BodyError, match="nested more than") as refused:
            parse_json(body.encode())
        assert refused.value.status == 400


def test_a_lone_surrogate_and_nul_become_the_replacement_character() -> None:
    data = b'{"comment": "a\\ud800b\\u0000c", "\\udfff": "\\ud83d\\ude00"}'
    assert parse_json(data) == {"comment": "a\ufffdb\ufffdc", "\ufffd": "\U0001f600"}


@FAST
@given(depth=st.integers(0, 3 * MAX_DEPTH), inner=json_values, as_object=st.booleans())
def test_nesting_is_refused_exactly_past_the_limit(
    depth: int, inner: object, as_object: bool
) -> None:
    body = nested(depth, inner, as_object)
    total = depth + depth_of(inner)
    assert nesting_depth(body) == min(total, MAX_DEPTH + 1)
    if total > MAX_DEPTH:
        with pytest.raises(BodyError, match="nested more than"):
            parse_json(body.encode())
    elif not finite(inner):
        with pytest.raises(BodyError, match="not valid JSON"):
            parse_json(body.encode())
    else:
        value = parse_json(body.encode("utf-8", "surrogatepass"))
        for text in strings_in(value):
            assert "\x00" not in text
            text.encode("utf-8")


@FAST
@given(value=json_values)
def test_the_depth_count_skips_brackets_inside_strings(value: object) -> None:
    assert nesting_depth(json.dumps(value)) == min(depth_of(value), MAX_DEPTH + 1)


@FAST
@given(
    data=st.one_of(
        st.binary(max_size=300), hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass"))
    )
)
def test_any_bytes_are_json_or_a_plain_refusal(data: bytes) -> None:
    try:
        value = parse_json(data)
    except BodyError as refused:
        assert refused.status == 400 and refused.message.endswith(".")
        return
    for text in strings_in(value):
        assert "\x00" not in text
        text.encode("utf-8")


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [("text/html", b"{}", 415), ("application/json", b"[" * 2000, 413)],
)
def test_a_body_of_another_type_or_size_is_refused(
    content_type: str, body: bytes, status: int
) -> None:
    with (
        Flask(__name__).test_request_context(
            "/api/feedback", method="POST", data=body, content_type=content_type
        ),
        pytest.raises(BodyError) as refused,
    ):
        read_json(1024)
    assert refused.value.status == status


# D5 and D6: the logs and /metrics took whatever a client sent.


@FAST
@given(text=st.one_of(hostile_text, st.integers(0, 100_000).map(lambda n: "\n" * n)))
def test_any_request_text_is_one_bounded_log_line(text: str) -> None:
    line = loggable(text)
    assert line.isprintable()
    assert len(line) <= LOG_CHARS + NOTE_CHARS
    line.encode("utf-8")
    if text.isprintable() and len(text) <= LOG_CHARS:
        assert line == text


def test_a_traceback_is_cut_to_a_bounded_size() -> None:
    """An error's message is the part a client can make huge: many lines, or one long one."""
    for message in ("line\n" * 5000 + "a" * 100_000, "/srv/site/" + "a" * 100_000):
        try:
            raise OSError(36, message)
        except OSError as error:
            text = loggable_traceback(error)
        lines = text.splitlines()
        assert len(lines) <= TRACEBACK_LINES + 1
        assert all(len(line) <= LINE_CHARS + NOTE_CHARS for line in lines)
        assert lines[0] == "Traceback (most recent call last):"
        assert lines[-1].endswith(" characters)")


def test_an_unexpected_error_logs_a_bounded_amount(caplog: pytest.LogCaptureFixture) -> None:
    app = Flask(__name__)
    app.register_error_handler(Exception, unexpected)

    @app.get("/<path:path>")
    def broken(path: str) -> str:
        raise OSError(36, "File name too long", path)

    with caplog.at_level(logging.ERROR):
        answer = app.test_client().get("/" + "a%0Ab" * 20_000)
    assert answer.status_code == 500 and b"Traceback" not in answer.data
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert len(logged) < 20_000  # the path alone was 60,000 characters, three times over
    assert "(60,001 characters)" in logged
    assert not [line for line in logged.splitlines() if line.startswith("b")]  # no forged lines


@FAST
@given(method=st.one_of(st.text(any_character, max_size=60), st.sampled_from(["GET", "get"])))
def test_any_method_is_a_known_label_or_other(method: str) -> None:
    label = metrics.method_label(method)
    assert label in metrics.METHODS | {metrics.OTHER}
    assert label == method or label == metrics.OTHER


STATUS_LABELS = (
    {str(status.value) for status in HTTPStatus} | {f"{n}xx" for n in range(1, 6)} | {metrics.OTHER}
)


@FAST
@given(code=st.integers())
def test_any_status_code_is_one_of_a_fixed_set_of_labels(code: int) -> None:
    assert metrics.status_label(code) in STATUS_LABELS


def test_the_access_log_bounds_what_a_client_chose() -> None:
    app = Flask(__name__)
    observability.install(app, access_log=True)

    @app.route("/<path:path>", methods=["GET", "BREW"])
    def anything(path: str) -> str:
        return "ok"

    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger(observability.ACCESS_LOG)
    logger.addHandler(handler)
    try:
        client = app.test_client()
        client.open("/" + "x" * 10_000, method="BREW")
        client.open("/a%0A%00b", method="GET")
    finally:
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in lines)
    assert first["method"] == metrics.OTHER
    assert len(first["path"]) <= LOG_CHARS + NOTE_CHARS and "10,001 characters" in first["path"]
    assert second["path"] == "/a\\n\\x00b"
