"""A hostile world over real HTTP: whatever text a client sends (a query, a path, a number, a
JSON body, a method name), `kb serve` answers below 500, without a traceback, with the text
escaped in HTML, and the server's log grows by a bounded amount per request.

The reported inputs are tested by name; each class is then tried with generated inputs.
"""

from __future__ import annotations

import html
import http.client
import json
import re
import socket
import sqlite3
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prometheus_client.parser import text_string_to_metric_families
from werkzeug.datastructures import Headers

from portal.web.json_body import MAX_DEPTH
from portal.web.metrics import METHODS, OTHER
from tests.support.admin import inside_frame, logged_in
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
from tests.support.http import Reply, http_get, http_post
from tests.support.kb import Built
from tests.support.servers import NO_VOTE_LIMITS, Server, start_server, stop_server

GUIDE = "printing/printer-not-printing"
# What one request may add to the server's log: its access-log line, with the path cut.
LOG_BYTES_PER_REQUEST = 2048


def encoded(text: str) -> str:
    """`text` percent-encoded for a URL, lone surrogates as the bytes UTF-8 would give them."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


@pytest.fixture(scope="module")
def database_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile") / "store.sqlite3"


@pytest.fixture(scope="module")
def portal(built: Built, database_file: Path) -> Iterator[Server]:
    """A server of its own with a store of its own, and no feedback limit to reach."""
    env = {
        "KB_DATABASE_URL": f"sqlite:///{database_file}",
        **NO_VOTE_LIMITS,
    }
    running = start_server(built.site, env, var_dir=built.var)
    yield running
    stop_server(running)


def log_size(server: Server) -> int:
    assert server.log is not None
    return server.log.stat().st_size


class LogWatch:
    """How much the server's log grew while some requests were answered."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.start = log_size(server)
        self.requests = 0

    def counted(self, reply: Reply) -> Reply:
        self.requests += 1
        return reply

    def assert_bounded(self) -> None:
        grown = log_size(self.server) - self.start
        limit = LOG_BYTES_PER_REQUEST * max(self.requests, 1)
        assert grown <= limit, f"the log grew by {grown:,} bytes for {self.requests} requests"


def calm(reply: Reply) -> str:
    """The reply's text, after checking it is no 5xx and shows no traceback."""
    assert reply.status < 500, reply.body[:500]
    text = reply.body.decode("utf-8")
    assert "Traceback" not in text and 'File "' not in text
    return text


def check_page(text: str) -> None:
    """Reader text reached the page escaped; the title and content are real text."""
    assert not RAW_MARKUP.search(text)
    title = re.search(r"<title>(.*?)</title>", text, re.DOTALL)
    assert title is not None
    assert "<" not in title.group(1)
    shown = html.unescape(title.group(1))
    assert not [ch for ch in shown if unicodedata.category(ch) in ("Cc", "Cs")], ascii(shown)
    if "<!-- kb:content -->" in text:
        assert not NOT_HTML_TEXT.search(inside_frame(text))


def raw_request(
    server: Server, method: bytes, target: bytes, body: bytes = b"", *headers: bytes
) -> Reply:
    """Exactly these bytes on the wire (urllib refuses non-ASCII paths and odd methods)."""
    host, port = server.url.removeprefix("http://").split(":")
    lines = [method + b" " + target + b" HTTP/1.1", b"Host: 127.0.0.1", b"Connection: close"]
    if body:
        lines.append(b"Content-Length: %d" % len(body))
    wire = b"\r\n".join([*lines, *headers]) + b"\r\n\r\n" + body
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(wire)
        response = http.client.HTTPResponse(sock, method=method.decode("latin-1"))
        response.begin()
        return Reply(response.status, Headers(response.getheaders()), response.read())


# D1: a reader's words in the page's title were a regular-expression replacement.


@pytest.mark.parametrize("query", WINDOWS_PATHS)
def test_windows_paths_and_shares_are_searched_like_any_question(
    portal: Server, query: str
) -> None:
    page = http_get(f"{portal.url}/search?q={encoded(query)}")
    assert page.status == 200
    check_page(page.text)
    title = html.unescape(re.search(r"<title>(.*?)</title>", page.text).group(1))  # type: ignore[union-attr]
    assert title.startswith(f"Search: {query.strip()} - ")
    assert "\x08" not in page.text
    assert f"“{html.escape(query.strip(), quote=False)}”" in page.text
    answer = http_get(f"{portal.url}/api/search?q={encoded(query)}")
    assert answer.status == 200
    assert json.loads(answer.body)["query"] == query


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=hostile_text, section=st.one_of(st.just(""), hostile_text), limit=numberish)
def test_any_text_is_a_query_answered_and_escaped(
    portal: Server, query: str, section: str, limit: str
) -> None:
    watch = LogWatch(portal)
    q = encoded(query)
    for path in ("/api/search", "/api/suggest"):  # a limit is plain digits from 1 to 50, or a 400
        reply = watch.counted(http_get(f"{portal.url}{path}?q={q}&limit={encoded(limit)}"))
        assert reply.status in (200, 400), path
        if reply.status == 400:
            refused = {"error": "limit must be a whole number from 1 to 50."}
            assert json.loads(calm(reply)) == refused
    page = watch.counted(http_get(f"{portal.url}/search?q={q}&section={encoded(section)}"))
    assert page.status == 200
    check_page(calm(page))
    for path in (f"/api/search?q={q}&section={encoded(section)}", f"/api/suggest?q={q}",
                 f"/api/suggest?format=opensearch&q={q}", f"/intranet-box?q={q}"):  # fmt: skip
        reply = watch.counted(http_get(f"{portal.url}{path}"))
        assert reply.status == 200, path
        text = calm(reply)
        if path.startswith("/intranet-box"):
            check_page(text)
        else:
            json.loads(text)
    watch.assert_bounded()


# D5: a path the file system cannot look up was a 500, and a long one swelled the log.


def test_a_name_too_long_for_the_file_system_is_the_sites_404(portal: Server) -> None:
    """A name of 256 bytes or more was ENAMETOOLONG; a 58 KB path wrote 176 KB to the log."""
    watch = LogWatch(portal)
    for path in ("/" + "a" * 256, "/printing/" + "é" * 200 + "/", "/" + "b" * 58_000):
        reply = watch.counted(raw_request(portal, b"GET", quote(path).encode()))
        assert reply.status in (404, 414), path[:40]  # 414: a server in front may refuse first
        if reply.status == 404:
            assert "<!-- kb:content -->" in calm(reply)
    watch.assert_bounded()
    if reply.status == 404:  # the portal saw the 58 KB path: its access line is cut
        access = [line for line in portal.output().splitlines() if '"/bbbbbbbbbb' in line]
        assert access and all(len(line) < LOG_BYTES_PER_REQUEST for line in access)
        assert "(58,001 characters)" in access[-1]


def test_a_folder_without_its_slash_is_redirected_with_any_query(portal: Server) -> None:
    """Waitress refuses raw non-ASCII bytes itself; what reaches the portal is kept as sent."""
    sent = {b"q=printer": "q=printer", b"%FF%FE=%ZZ&q=C:\\x": "%FF%FE=%ZZ&q=C:%5Cx"}
    for query, kept in sent.items():
        reply = raw_request(portal, b"GET", b"/printing?" + query)
        assert reply.status == 308
        assert reply.headers["Location"] == f"/printing/?{kept}"


segment = st.one_of(
    st.text(any_character, max_size=40),
    st.sampled_from([".", "..", "%", "\x00", "\\", "~", "index.html", "assets", "printing"]),
    st.integers(200, 4096).map(lambda n: "x" * n),
    st.integers(60, 1400).map(lambda n: "é" * n),
)


def on_the_wire(text: str, percent: bool) -> bytes:
    """`text` percent-encoded, or as raw bytes with only the request line's separators encoded."""
    if percent:
        return encoded(text).encode()
    raw = text.encode("utf-8", "surrogatepass")
    return re.sub(rb"[\x00-\x20\x7f#%]", lambda m: b"%%%02X" % m.group()[0], raw)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(segments=st.lists(segment, min_size=1, max_size=5), percent=st.booleans(),
       slash=st.booleans(), query=st.one_of(st.just(""), hostile_text),
       method=st.sampled_from([b"GET", b"HEAD"]))  # fmt: skip
def test_any_path_is_a_page_or_the_sites_404(
    portal: Server, segments: list[str], percent: bool, slash: bool, query: str, method: bytes
) -> None:
    """Percent-encoded or as raw bytes on the wire, with any query string (a folder's address
    without its slash is redirected with it)."""
    path = b"/".join(on_the_wire(part, percent).replace(b"?", b"%3F") for part in segments)
    target = b"/" + path + (b"/" if slash else b"")
    if query:
        target += b"?" + on_the_wire(query, percent)
    watch = LogWatch(portal)
    reply = watch.counted(raw_request(portal, method, target))
    text = calm(reply)
    if reply.status == 404 and method == b"GET" and "html" in reply.headers["Content-Type"]:
        assert "<!-- kb:content -->" in text
    if reply.status in (301, 302, 307, 308):
        location = reply.headers["Location"]
        assert location.isascii() and location.startswith("/") and not location.startswith("//")
    watch.assert_bounded()


# D14: numbers in Unicode digits, or too big for int(), were 500s.


@pytest.fixture(scope="module")
def writer_browser(dashboard: Server):
    return logged_in(dashboard)


@pytest.mark.parametrize("days", ["²", "①", "٣", "1e9", "-1", "9" * 5000, " 7", "7.0", "0"])
def test_a_period_that_is_not_plain_digits_shows_the_default(
    dashboard: Server, writer_browser, days: str
) -> None:
    page = writer_browser.get(f"/admin?days={encoded(days)}")
    assert page.status == 200
    assert '<option value="30" selected>' in page.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days=st.one_of(numberish, st.sampled_from(["7", "90", "30", "007"])))
def test_any_period_is_answered(dashboard: Server, writer_browser, days: str) -> None:
    watch = LogWatch(dashboard)
    page = writer_browser.get(f"/admin?days={encoded(days)}")
    watch.requests += 1
    assert page.status == 200
    assert "Traceback" not in page.text
    chosen = days.lstrip("0") if days.lstrip("0") in ("7", "30", "90") else "30"
    assert f'<option value="{chosen}" selected>' in page.text
    check_page(page.text)
    watch.assert_bounded()


# D4: deep JSON and lone surrogates were 500s on /api/feedback and /api/click.


def test_json_nested_five_thousand_deep_is_refused_plainly(portal: Server) -> None:
    for path in ("/api/feedback", "/api/click"):
        for body in ("[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000):
            reply = http_post(f"{portal.url}{path}", body, {"Content-Type": "application/json"})
            assert reply.status in (400, 413), path
            error = json.loads(calm(reply))["error"]
            assert error.endswith(".") and "Recursion" not in error
    shallow = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    reply = http_post(f"{portal.url}/api/feedback", shallow, {"Content-Type": "application/json"})
    assert reply.status == 400
    assert "nested more than" in json.loads(reply.body)["error"]


def stored_comments(database_file: Path) -> list[str | None]:
    """Every comment in the store, read back as UTF-8 (sqlite3 refuses anything else)."""
    with sqlite3.connect(database_file) as connection:
        return [row[0] for row in connection.execute("SELECT comment FROM feedback")]


def test_a_lone_surrogate_is_stored_as_a_replacement_character(
    portal: Server, database_file: Path
) -> None:
    vote = json.dumps({"page": GUIDE, "helpful": False, "comment": "before \ud800 after"})
    reply = http_post(
        f"{portal.url}/api/feedback", vote, {"Content-Type": "application/json", "User-Agent": "s"}
    )
    assert reply.status == 201, reply.body
    assert "before \ufffd after" in stored_comments(database_file)
    click = json.dumps({"search": "\ud800", "position": 1, "page": f"/{GUIDE}/"})
    reply = http_post(f"{portal.url}/api/click", click, {"Content-Type": "application/json"})
    assert reply.status == 400
    assert json.loads(reply.body)["error"] == (
        "That search is not known, so the click was not counted."
    )


vote_shapes = st.fixed_dictionaries(
    {"page": st.sampled_from([GUIDE, f"/{GUIDE}/", "nope"]), "helpful": st.booleans()},
    optional={
        "reason": st.one_of(st.text(any_character, max_size=20), st.sampled_from(["unclear"])),
        "comment": st.text(any_character, max_size=200),
    },
)
click_shapes = st.fixed_dictionaries(
    {
        "search": st.text(any_character, max_size=40),
        "position": st.one_of(st.integers(), st.floats(), st.text(max_size=5)),
        "page": st.one_of(st.just(f"/{GUIDE}/"), st.text(any_character, max_size=40)),
    }
)
bodies = st.one_of(
    st.builds(nested, st.integers(0, 6000), json_values, st.booleans()),
    json_values.map(json.dumps),
    vote_shapes.map(json.dumps),
    click_shapes.map(json.dumps),
    st.binary(max_size=200).map(lambda data: data.decode("latin-1")),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, path=st.sampled_from(["/api/feedback", "/api/click"]),
       agent=st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=20))  # fmt: skip
def test_any_json_body_is_stored_cleanly_or_refused_plainly(
    portal: Server, database_file: Path, body: str, path: str, agent: str
) -> None:
    watch = LogWatch(portal)
    data = body.encode("utf-8", "surrogatepass")
    headers = (b"Content-Type: application/json", b"User-Agent: " + agent.encode())
    reply = watch.counted(raw_request(portal, b"POST", path.encode(), data, *headers))
    assert reply.status in (201, 204, 400, 413, 429), (reply.status, reply.body[:300])
    if reply.status >= 400:
        error = json.loads(calm(reply))["error"]
        assert error.endswith(".") and "Traceback" not in error
    watch.assert_bounded()
    for comment in stored_comments(database_file):
        assert comment is None or ("\x00" not in comment and comment.encode("utf-8"))


# D6: every made-up method name became a series of /metrics of its own.

method_names = st.one_of(
    st.text(
        st.characters(codec="ascii", categories=["L", "N"], include_characters="!#$%&'*+-.^_`|~"),
        min_size=1,
        max_size=60,
    ),
    st.binary(min_size=1, max_size=40).filter(lambda b: not set(b) & set(b" \r\n")),
    st.sampled_from(["get", "Get", "PROPFIND", "M-SEARCH", "BREW", "GET\x00"]),
)


def series(server: Server) -> set[tuple[str, tuple[tuple[str, str], ...]]]:
    """Every series of /metrics (name and labels), read with Prometheus's own parser."""
    reply = http_get(f"{server.url}/metrics")
    assert reply.status == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items())))
        for family in text_string_to_metric_families(reply.text)
        for sample in family.samples
    }


def test_made_up_method_names_do_not_grow_metrics(portal: Server) -> None:
    paths = [b"/", b"/api/search", b"/api/feedback", b"/search", b"/no/such/page", b"/metrics"]
    for method in sorted(METHODS | {"MADEUP"}):  # every series a method can reach exists now
        for path in paths:
            raw_request(portal, method.encode(), path)
    before = series(portal)
    watch = LogWatch(portal)

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(method=method_names, path=st.sampled_from(paths))
    def one(method: str | bytes, path: bytes) -> None:
        wire = method if isinstance(method, bytes) else method.encode()
        calm(watch.counted(raw_request(portal, wire, path)))

    one()
    after = series(portal)
    assert after - before == set()  # counters grew; no series was added
    assert {dict(labels).get("method", "GET") for _, labels in after} <= METHODS | {OTHER}
    watch.assert_bounded()
    methods = {
        json.loads(line)["method"]
        for line in portal.output().splitlines()
        if line.startswith('{"time"')
    }
    assert methods <= METHODS | {OTHER}
