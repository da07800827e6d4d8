"""The dashboard as desk staff use it, over real HTTP against `kb serve`: successful logins never
use up the login limit (wrong passwords still do), searches open their results, guides link to
their source file when KB_SOURCE_URL is set (and only then), and reasons keep their capitals."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from portal.store.database import Store, Vote, utc_now
from portal.web.admin_auth import LOGIN_ATTEMPTS_PER_MINUTE
from tests.support.admin import PASSWORD, Setup, logged_in, make_setup, person_on, serve_dashboard
from tests.support.http_browser import Browser
from tests.support.kb import Built
from tests.support.servers import Server, stop_server

SOURCE_URL = "https://git.example.com/it/help/blob/main/content"
COMMENT = "I searched for the scanner, this is about the printer."


@pytest.fixture(scope="module")
def with_sources(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A dashboard with KB_SOURCE_URL set, and one reader who said "not what I was looking for"."""
    setup: Setup = make_setup(tmp_path_factory.mktemp("desk"))
    store = Store(setup.database)
    today = utc_now().date()
    store.save_vote(
        Vote(
            guide="printing/clear-paper-jam",
            visitor="visitor-desk",
            day=today,
            helpful=False,
            reason="not-what-i-needed",
            comment=COMMENT,
            created=dt.datetime.combine(today, dt.time(11)),
        )
    )
    store.dispose()
    running = serve_dashboard(
        built, setup, setup.var, KB_ADMIN_PASSWORD=PASSWORD, KB_SOURCE_URL=SOURCE_URL
    )
    yield running
    stop_server(running)


def test_successful_logins_in_a_row_never_lock_the_next_attempt(dashboard: Server) -> None:
    person = person_on(dashboard)
    for _ in range(LOGIN_ATTEMPTS_PER_MINUTE * 2):
        # A new browser each time (a new session), all from the same address.
        again = Browser(dashboard.url, person.source)
        assert again.log_in(PASSWORD).status == 303
        assert again.get("/admin").status == 200
    assert person.log_in("a wrong password after all that").status == 403  # not 429


def test_wrong_passwords_still_count_between_right_ones(dashboard: Server) -> None:
    person = person_on(dashboard)
    for attempt in range(LOGIN_ATTEMPTS_PER_MINUTE):
        assert person.log_in("not the password").status == 403
        if attempt < LOGIN_ATTEMPTS_PER_MINUTE - 1:  # right ones in between change nothing
            assert Browser(dashboard.url, person.source).log_in(PASSWORD).status == 303
    refused = person.log_in(PASSWORD)
    assert refused.status == 429
    assert "too many wrong passwords" in refused.text
    assert 1 <= int(refused.headers["Retry-After"]) <= 60


def test_searches_open_their_results(dashboard: Server) -> None:
    person = logged_in(dashboard)
    html = person.get("/admin").text
    found = re.search(
        r'<a class="kb-admin__query" href="(/search\?q=[^"]+)">'
        r"internet phonebook &lt;b&gt;</a>",
        html,
    )
    assert found, "the search that found nothing is not a link to its results"
    href = unescape(found.group(1))
    # Marked as the dashboard's, so opening it is not counted as a reader's search.
    assert parse_qs(urlsplit(href).query) == {
        "q": ["internet phonebook <b>"],
        "from": ["dashboard"],
    }
    results = person.get(href)  # this portal has no search index: the page says so, calmly
    assert results.status in (200, 503)
    assert "<title>Search: internet phonebook &lt;b&gt;" in results.text  # the same words
    assert 'href="/search?q=paper%20jam' not in html  # it found a guide: not listed


def test_without_a_source_url_guides_name_their_file_without_a_link(dashboard: Server) -> None:
    html = logged_in(dashboard).get("/admin").text
    assert '<span class="kb-admin__path">content/printing/clear-paper-jam.md</span>' in html
    assert "Source file:" not in html
    assert "git.example.com" not in html


def test_with_a_source_url_guides_link_to_their_file(with_sources: Server) -> None:
    html = logged_in(with_sources).get("/admin").text
    link = f"{SOURCE_URL}/printing/clear-paper-jam.md"
    assert f'<a class="kb-admin__path" href="{link}">' in html
    assert f'href="{SOURCE_URL}/network/connect-to-vpn.md"' in html  # in "Reviews due" too
    assert "content/printing/clear-paper-jam.md</a>" in html
    assert 'href="/printing/clear-paper-jam/">Clear a paper jam</a>' in html  # and its page


def test_reasons_keep_their_capitals(with_sources: Server) -> None:
    html = logged_in(with_sources).get("/admin").text
    assert "It was not what I was looking for: 1" in html  # in "Reasons after No"
    assert "(it was not what I was looking for)" in html  # beside the comment
    assert "looking for" in html and "what i was" not in html


def test_the_login_and_off_pages_share_the_dashboard_layout(
    dashboard: Server, built: Built, admin_setup: Setup, tmp_path: Path
) -> None:
    login = person_on(dashboard).get("/admin/login").text
    off_server = serve_dashboard(built, admin_setup, tmp_path / "var", KB_ADMIN_PASSWORD="")
    try:
        off = person_on(off_server).get("/admin").text
    finally:
        stop_server(off_server)
    for html in (login, off):
        assert 'class="kb-desk"' in html and "/admin/admin.css" in html
        assert "md-sidebar" not in html and "md-nav" not in html  # none of the readers' menu
