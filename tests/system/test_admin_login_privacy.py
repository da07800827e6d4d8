"""Failed and successful logins to /admin over real HTTP never write where they came from to the
server's log (docs/privacy.md): not the address, not X-Forwarded-For, not the browser, the query
text or the cookies. Brute forcing still shows, as a count of wrong passwords."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.support.admin import PASSWORD, Setup, person_on, serve_dashboard
from tests.support.http_browser import Browser
from tests.support.kb import Built
from tests.support.servers import Server, stop_server


@pytest.fixture(scope="module")
def behind_proxy(built: Built, admin_setup: Setup, tmp_path_factory) -> Iterator[Server]:
    """The dashboard behind one proxy: X-Forwarded-For is the client's address."""
    var = tmp_path_factory.mktemp("privacy-var")
    running = serve_dashboard(
        built, admin_setup, var, KB_ADMIN_PASSWORD=PASSWORD, KB_PROXIES="1", KB_LOG_LEVEL="info"
    )
    yield running
    stop_server(running)


def _new_log(server: Server, before: str) -> str:
    return server.output()[len(before) :]


def test_the_reported_failed_logins_leave_no_address_in_the_log(behind_proxy: Server) -> None:
    person = person_on(behind_proxy)
    before = behind_proxy.output()
    client = {"X-Forwarded-For": "198.51.100.23", "User-Agent": "TesterBrowser/1.0 (unique-ua)"}
    for _ in range(3):
        token = person.csrf()
        page = person.post("/admin/login", {"csrf_token": token, "password": "nope"}, **client)
        assert page.status == 403
    logged = _new_log(behind_proxy, before)
    # Brute forcing still shows, as a count (other tests on this server may add to it).
    counts = [
        int(n.replace(",", "")) for n in re.findall(r"\(([\d,]+) wrong passwords? in", logged)
    ]
    assert len(counts) == 3 and counts == sorted(counts) and counts[-1] >= 3
    for trace in ("198.51.100.23", person.source, "unique-ua"):
        assert trace not in logged


def test_a_successful_login_is_logged_without_its_address(behind_proxy: Server) -> None:
    person = person_on(behind_proxy)
    before = behind_proxy.output()
    token = person.csrf()
    page = person.post(
        "/admin/login",
        {"csrf_token": token, "password": PASSWORD},
        **{"X-Forwarded-For": "203.0.113.201"},
    )
    assert page.status == 303
    logged = _new_log(behind_proxy, before)
    assert "logged in" in logged
    assert "203.0.113.201" not in logged and person.source not in logged


ADDRESS = st.ip_addresses().map(str)
AGENT = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=12, max_size=40)
TOKEN = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=12, max_size=20)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(address=ADDRESS, agent=AGENT, query=TOKEN, cookie=TOKEN)
def test_no_failed_login_writes_anything_about_its_client(
    behind_proxy: Server, address: str, agent: str, query: str, cookie: str
) -> None:
    before = behind_proxy.output()
    assume(len(address) >= 7 and address not in before)
    person = _person(behind_proxy)
    token = person.csrf()
    person.cookies["tracker"] = cookie
    page = person.post(
        f"/admin/login?next={query}",
        {"csrf_token": token, "password": "wrong"},
        **{"X-Forwarded-For": address, "User-Agent": agent},
    )
    assert page.status in (403, 429)  # 429: that address tried too often this minute
    logged = _new_log(behind_proxy, before)
    for trace in (address, agent, query, cookie):
        assert trace not in logged, trace


_people: dict[str, Browser] = {}


def _person(server: Server) -> Browser:
    """One loopback person for every generated example (loopback addresses are few); the
    login limit counts each example's X-Forwarded-For instead."""
    person = _people.setdefault(server.url, person_on(server))
    person.cookies.clear()
    return person
