"""Connections to a real `kb serve` (waitress): slow senders cannot lock readers out, and the
server's own refusals (sent before the app sees a request) carry the security headers."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator

import pytest

from portal.web.connections import REQUEST_ARRIVAL_SECONDS
from portal.web.security import STATIC_HEADERS
from tests.support.http import http_get
from tests.support.kb import Built
from tests.support.servers import Server, start_server, stop_server

# Ways of never finishing a request: nothing, part of a request line, part of the headers,
# the headers but only part of the body.
STALLS = [
    b"",
    b"GE",
    b"GET /search?q=printer HTTP/1.1\r\n",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaa",
    b"POST /api/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    b'Content-Length: 500\r\n\r\n{"page":',
]


@pytest.fixture(scope="module")
def portal(built: Built) -> Iterator[Server]:
    """A server of its own: the stalled connections here must not slow other tests down."""
    running = start_server(built.site, var_dir=built.var)
    yield running
    stop_server(running)


def _address(server: Server) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").split(":")
    return host, int(port)


def _open_stalled(server: Server, count: int) -> list[socket.socket]:
    opened = []
    for number in range(count):
        sock = socket.create_connection(_address(server), timeout=5)
        sock.sendall(STALLS[number % len(STALLS)])
        opened.append(sock)
    return opened


def test_readers_are_answered_while_many_connections_stall(portal: Server) -> None:
    """Waitress's default limit is 100 connections: 300 stalled ones used to lock everyone out."""
    stalled = _open_stalled(portal, 300)
    try:
        for path in ("/", "/healthz", "/api/search?q=printer+offline"):
            assert http_get(f"{portal.url}{path}").status == 200
    finally:
        for sock in stalled:
            sock.close()


def test_requests_that_never_finish_arriving_are_closed(portal: Server) -> None:
    """A request must arrive whole within a few seconds of its first byte, however slowly
    the sender keeps dribbling more (a part of each kind, all at once)."""
    socks = [socket.create_connection(_address(portal), timeout=5) for _ in STALLS[1:]]
    open_ones = dict(zip(STALLS[1:], socks, strict=True))
    try:
        for stall, sock in open_ones.items():
            sock.sendall(stall)
            sock.setblocking(False)
        deadline = time.monotonic() + REQUEST_ARRIVAL_SECONDS * 4
        while open_ones and time.monotonic() < deadline:
            time.sleep(0.5)
            for stall, sock in list(open_ones.items()):
                if _was_closed(sock):
                    del open_ones[stall]
        assert not open_ones, f"still open: {list(open_ones)}"
    finally:
        for sock in socks:
            sock.close()


def _was_closed(sock: socket.socket) -> bool:
    """One more byte (which keeps a connection "active"), then: has the server closed it?"""
    try:
        sock.sendall(b"a")
        while True:
            if not sock.recv(4096):
                return True
    except BlockingIOError:
        return False
    except OSError:
        return True  # reset or broken pipe: closed


# The server's own refusals, each made by something a client can send.
REFUSALS = {
    "headers too large": (
        b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"a" * 70_000 + b"\r\n\r\n",
        431,
    ),
    "broken request line": (b"\x00\x01\x02 nonsense\r\n\r\n", 400),
    "bad content length": (
        b"POST /api/feedback HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n",
        400,
    ),
    "body too large": (
        b"POST /api/feedback HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n",
        413,
    ),
    "broken chunks": (
        b"POST /api/feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        400,
    ),
}


def _raw_answer(server: Server, request: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(_address(server), timeout=10) as sock:
        # The server may answer and close before it has read everything.
        with contextlib.suppress(OSError):
            sock.sendall(request)
        data = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


@pytest.mark.parametrize("name", list(REFUSALS))
def test_the_servers_own_refusals_carry_the_security_headers(portal: Server, name: str) -> None:
    request, expected = REFUSALS[name]
    status, headers, body = _raw_answer(portal, request)
    assert status == expected
    for header in STATIC_HEADERS:
        assert header.lower() in headers, f"{name}: no {header}"
    assert "default-src 'none'" in headers["content-security-policy"]
    text = body.decode("utf-8")
    assert "waitress" not in text.lower() and "Traceback" not in text
    assert text.strip().endswith(".")  # a sentence, not a code
