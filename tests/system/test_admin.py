"""The /admin dashboard over real HTTP: a real `kb serve`, a real SQLite file, real cookies.

Each test speaks from its own loopback address (127.0.0.x), so the per-address login limit of
one test never changes another's outcome.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.admin import PASSWORD, SCRIPT, Setup, make_setup, serve_dashboard
from tests.support.http import Browser
from tests.support.kb import Built
from tests.support.servers import Server, free_port, stop_server

_addresses = iter(range(10, 250))


def person_on(server: Server) -> Browser:
    """A new person, from a loopback address no other test uses."""
    return Browser(server.url, f"127.0.0.{next(_addresses)}")


# -- a seeded store and servers ------------------------------------------------------------


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    """Two guides; 8 of 10 found the paper-jam guide helpful today; one comment is a script."""
    return make_setup(tmp_path_factory.mktemp("admin"))


@pytest.fixture(scope="module")
def dashboard(built: Built, setup: Setup) -> Iterator[Server]:
    running = serve_dashboard(built, setup, setup.var, KB_ADMIN_PASSWORD=PASSWORD)
    yield running
    stop_server(running)


def _middle(html: str) -> str:
    """What the portal put inside the site's frame (the frame's navigation lists every guide)."""
    return html.split("<!-- kb:content -->")[1].split("<!-- /kb:content -->")[0]


# -- turned off ------------------------------------------------------------------------------


def test_without_a_password_the_dashboard_is_off_and_shows_no_data(
    built: Built, setup: Setup, tmp_path: Path
) -> None:
    running = serve_dashboard(built, setup, tmp_path / "var", KB_ADMIN_PASSWORD="")
    try:
        person = person_on(running)
        for page in (
            person.get("/admin"),
            person.get("/admin/login"),
            person.post("/admin/login", {"password": PASSWORD}),
        ):
            assert page.status == 404
            assert "The writers' dashboard is off" in page.text
            assert "KB_ADMIN_PASSWORD" in page.text and "restart" in page.text
            middle = _middle(page.text)
            assert "Clear a paper jam" not in middle  # no data, not even a guide's name
            assert "tray was stuck" not in page.text and "phonebook" not in page.text
            assert page.cookie_header() == ""  # no session is started
            assert page.headers["Cache-Control"] == "no-store"
    finally:
        stop_server(running)


# -- logging in ------------------------------------------------------------------------------


def test_login_page_sets_a_safe_session_cookie(dashboard: Server) -> None:
    person = person_on(dashboard)
    first = person.get("/admin")
    assert first.status == 303
    assert first.headers["Location"].endswith("/admin/login")

    page = person.get("/admin/login")
    assert page.status == 200
    assert 'type="password"' in page.text and 'name="csrf_token"' in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["X-Frame-Options"] == "DENY"
    cookie = page.cookie_header()
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/admin" in cookie
    assert "Secure" not in cookie  # plain http on loopback: a Secure cookie would be dropped


def test_a_wrong_password_is_refused(dashboard: Server) -> None:
    person = person_on(dashboard)
    page = person.log_in("not the password at all")
    assert page.status == 403
    assert "That password is not right" in page.text
    assert person.get("/admin").status == 303  # still not logged in


def test_login_without_or_with_a_wrong_csrf_token_is_refused(dashboard: Server) -> None:
    person = person_on(dashboard)
    token = person.csrf()
    missing = person.post("/admin/login", {"password": PASSWORD})
    wrong = person.post("/admin/login", {"password": PASSWORD, "csrf_token": token[:-2] + "xx"})
    for page in (missing, wrong):
        assert page.status == 400
        assert "security check" in page.text
        assert "Traceback" not in page.text
    assert person.get("/admin").status == 303

    # A token is only good with the session it was made for.
    stranger = person_on(dashboard)
    stranger.get("/admin/login")
    assert stranger.post("/admin/login", {"password": PASSWORD, "csrf_token": token}).status == 400


def test_the_sixth_login_attempt_in_a_minute_is_refused_with_429(dashboard: Server) -> None:
    person = person_on(dashboard)
    for _ in range(5):
        assert person.log_in("wrong password, again").status == 403
    page = person.log_in(PASSWORD)  # even the right password waits
    assert page.status == 429
    assert "too many login attempts" in page.text.lower()
    assert 1 <= int(page.headers["Retry-After"]) <= 60
    assert person.get("/admin").status == 303
    # The limit is per address: someone else can still log in.
    assert person_on(dashboard).log_in(PASSWORD).status == 303


# -- the report ------------------------------------------------------------------------------


def _logged_in(server: Server) -> Browser:
    person = person_on(server)
    page = person.log_in(PASSWORD)
    assert page.status == 303, page.text
    assert page.headers["Location"].endswith("/admin")
    return person


def _section(html: str, heading_id: str) -> str:
    """The part of the dashboard from one h2 to the next."""
    return html.split(f'<h2 id="{heading_id}">')[1].split("<h2 ")[0]


def test_after_login_the_report_shows_guides_wilson_bounds_and_escaped_comments(
    dashboard: Server,
) -> None:
    person = _logged_in(dashboard)
    page = person.get("/admin")
    assert page.status == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = page.text
    assert "Writers' dashboard" in html
    assert 'href="/printing/clear-paper-jam/">Clear a paper jam</a>' in html
    # 8 of 10: p = 0.8, z = 1.96; (0.8 + 0.19208 - 1.96 * sqrt(0.016 + 0.009604)) / 1.38416
    # = 0.4902, shown as 49 %.
    assert '<td class="kb-admin__wilson">49\u00a0%</td>' in html
    assert "80\u00a0%" in html and "(8 of 10)" in html
    assert "The steps did not work: 2" in html
    # Readers' words are escaped, never raw.
    assert "The tray was stuck &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT not in html
    assert "internet phonebook &lt;b&gt;" in html
    assert "internet phonebook <b>" not in html
    # Fix next (low bound with 10 votes) and the overdue review.
    fix = _section(html, "kb-fix-next")
    assert "Clear a paper jam" in fix and "Connect to the VPN" in fix
    assert "15 January 2020" in _section(html, "kb-stale")


def test_the_period_selector_changes_the_report(dashboard: Server) -> None:
    person = _logged_in(dashboard)
    month = person.get("/admin?days=30").text
    week = person.get("/admin?days=7").text
    assert '<option value="30" selected>' in month
    assert '<option value="7" selected>' in week
    assert "Connect to the VPN" in _section(month, "kb-guides")  # its vote was ten days ago
    assert "Connect to the VPN" not in _section(week, "kb-guides")
    assert '<option value="30" selected>' in person.get("/admin?days=12345").text


def test_charts_are_accessible_svg_in_the_page(dashboard: Server) -> None:
    html = _middle(_logged_in(dashboard).get("/admin").text)
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", html, re.DOTALL)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg
        assert "<title id=" in svg and "<desc id=" in svg
    assert "8 of 11 votes said the guide helped (73\u00a0%)" in html
    assert "3 of 4 searches found no guide (75\u00a0%)" in html
    assert html.count('<details class="kb-chart__data">') == 3
    assert "<script" not in "".join(svgs)


def test_logout_is_a_post_with_a_token_and_ends_the_session(dashboard: Server) -> None:
    person = _logged_in(dashboard)
    stolen = dict(person.cookies)
    token = person.csrf("/admin")

    assert person.get("/admin/logout").status == 405  # a link or image cannot log anyone out
    assert person.post("/admin/logout", {}).status == 400  # nor a form from another site
    assert person.get("/admin").status == 200

    page = person.post("/admin/logout", {"csrf_token": token})
    assert page.status == 303
    assert "logged_out=1" in page.headers["Location"]
    assert person.get("/admin").status == 303
    assert "You are logged out" in person.get("/admin/login?logged_out=1").text

    # A copy of the old cookie no longer opens the dashboard either.
    replay = Browser(dashboard.url, person.source, stolen)
    assert replay.get("/admin").status == 303


def test_logging_out_on_one_portal_ends_the_session_on_every_other(
    built: Built, setup: Setup, tmp_path: Path
) -> None:
    """Two machines behind a balancer (same store and key): a copied cookie works on neither."""
    env = {"KB_ADMIN_PASSWORD": PASSWORD, "KB_SECRET_KEY": "a-shared-secret-key-for-tests"}
    first, second = (serve_dashboard(built, setup, tmp_path / name, **env) for name in ("a", "b"))
    try:
        person = person_on(first)
        assert person.log_in(PASSWORD).status == 303
        stolen = dict(person.cookies)
        assert Browser(second.url, person.source, stolen).get("/admin").status == 200
        assert person.post("/admin/logout", {"csrf_token": person.csrf("/admin")}).status == 303
        assert Browser(second.url, person.source, stolen).get("/admin").status == 303
        assert Browser(first.url, person.source, stolen).get("/admin").status == 303
    finally:
        stop_server(first)
        stop_server(second)


def test_secure_cookie_behind_an_https_proxy(built: Built, setup: Setup, tmp_path: Path) -> None:
    running = serve_dashboard(
        built, setup, tmp_path / "var", KB_ADMIN_PASSWORD=PASSWORD, KB_PROXIES="1"
    )
    try:
        person = person_on(running)
        page = person.get("/admin/login", **{"X-Forwarded-Proto": "https"})
        assert "Secure" in page.cookie_header()
        assert "HttpOnly" in page.cookie_header()
    finally:
        stop_server(running)


def test_the_secret_key_is_kept_private_and_logins_survive_a_restart(
    built: Built, setup: Setup, tmp_path: Path
) -> None:
    var = tmp_path / "var"
    first = serve_dashboard(built, setup, var, KB_ADMIN_PASSWORD=PASSWORD)
    try:
        person = _logged_in(first)
    finally:
        stop_server(first)
    key = var / "secret-key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert re.fullmatch(r"[0-9a-f]{64}", key.read_text().strip())
    second = serve_dashboard(built, setup, var, KB_ADMIN_PASSWORD=PASSWORD)
    try:
        person.base = second.url
        assert person.get("/admin").status == 200
    finally:
        stop_server(second)
    # A new password ends every login made with the old one.
    third = serve_dashboard(built, setup, var, KB_ADMIN_PASSWORD=PASSWORD + " (new)")
    try:
        person.base = third.url
        assert person.get("/admin").status == 303
    finally:
        stop_server(third)


def test_an_unreachable_store_gives_a_plain_503(built: Built, setup: Setup, tmp_path: Path) -> None:
    nobody = f"postgresql://kb:secret@127.0.0.1:{free_port()}/kb"
    running = serve_dashboard(
        built, setup, tmp_path / "var", KB_ADMIN_PASSWORD=PASSWORD, KB_DATABASE_URL=nobody
    )
    try:
        person = _logged_in(running)
        page = person.get("/admin")
        assert page.status == 503
        assert "cannot reach its database" in page.text
        assert "Traceback" not in page.text and "kb:secret" not in page.text
    finally:
        stop_server(running)
