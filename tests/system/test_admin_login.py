"""Getting into /admin and out again over real HTTP, from a real `kb serve` with a real SQLite file
and real cookies: off without a password, the login form and its limits, logging out, and the
session cookie and its key.

Each test speaks from its own loopback address (127.0.0.x), so the per-address login limit of
one test never changes another's outcome.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from tests.support.admin import (
    PASSWORD,
    Setup,
    inside_frame,
    logged_in,
    person_on,
    serve_dashboard,
)
from tests.support.http_browser import Browser
from tests.support.kb import Built
from tests.support.servers import Server, stop_server


def test_without_a_password_the_dashboard_is_off_and_shows_no_data(
    built: Built, admin_setup: Setup, tmp_path: Path
) -> None:
    running = serve_dashboard(built, admin_setup, tmp_path / "var", KB_ADMIN_PASSWORD="")
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
            middle = inside_frame(page.text)
            assert "Clear a paper jam" not in middle  # no data, not even a guide's name
            assert "tray was stuck" not in page.text and "phonebook" not in page.text
            assert page.cookie_header() == ""  # no session is started
            assert page.headers["Cache-Control"] == "no-store"
    finally:
        stop_server(running)


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


def test_logout_is_a_post_with_a_token_and_ends_the_session(dashboard: Server) -> None:
    person = logged_in(dashboard)
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
    built: Built, admin_setup: Setup, tmp_path: Path
) -> None:
    """Two machines behind a balancer (same store and key): a copied cookie works on neither."""
    env = {"KB_ADMIN_PASSWORD": PASSWORD, "KB_SECRET_KEY": "a-shared-secret-key-for-tests"}
    first, second = (
        serve_dashboard(built, admin_setup, tmp_path / name, **env) for name in ("a", "b")
    )
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


def test_secure_cookie_behind_an_https_proxy(
    built: Built, admin_setup: Setup, tmp_path: Path
) -> None:
    running = serve_dashboard(
        built, admin_setup, tmp_path / "var", KB_ADMIN_PASSWORD=PASSWORD, KB_PROXIES="1"
    )
    try:
        person = person_on(running)
        page = person.get("/admin/login", **{"X-Forwarded-Proto": "https"})
        assert "Secure" in page.cookie_header()
        assert "HttpOnly" in page.cookie_header()
    finally:
        stop_server(running)


def test_the_secret_key_is_kept_private_and_logins_survive_a_restart(
    built: Built, admin_setup: Setup, tmp_path: Path
) -> None:
    var = tmp_path / "var"
    first = serve_dashboard(built, admin_setup, var, KB_ADMIN_PASSWORD=PASSWORD)
    try:
        person = logged_in(first)
    finally:
        stop_server(first)
    key = var / "secret-key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert re.fullmatch(r"[0-9a-f]{64}", key.read_text().strip())
    second = serve_dashboard(built, admin_setup, var, KB_ADMIN_PASSWORD=PASSWORD)
    try:
        person.base = second.url
        assert person.get("/admin").status == 200
    finally:
        stop_server(second)
    # A new password ends every login made with the old one.
    third = serve_dashboard(built, admin_setup, var, KB_ADMIN_PASSWORD=PASSWORD + " (new)")
    try:
        person.base = third.url
        assert person.get("/admin").status == 303
    finally:
        stop_server(third)
