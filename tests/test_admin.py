"""The /admin dashboard over real HTTP: a real `kb serve`, a real SQLite file, real cookies.

Each test speaks from its own loopback address (127.0.0.x), so the per-address login limit of
one test never changes another's outcome.
"""

from __future__ import annotations

import datetime as dt
import http.client
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from werkzeug.datastructures import Headers

from portal.report.charts import (
    helpful_share_chart,
    nice_ceiling,
    searches_chart,
    share_ceiling,
    zero_result_chart,
)
from portal.report.model import DailyPoint
from portal.store.database import Store, Vote, utc_now
from tests.conftest import Built, Server, free_port, start_server, stop_server, write

PASSWORD = "correct horse battery staple"
SCRIPT = "<script>alert(1)</script>"
TODAY = utc_now().date()

FRESH_GUIDE = f"""\
---
title: Clear a paper jam
description: Clear stuck paper from the printer and get printing again.
tags: [printing]
phrases:
  - paper jam
owner: Service Desk
reviewed: {TODAY.isoformat()}
---

# Clear a paper jam

Open the front door of the printer and pull the paper out gently.
"""

OLD_GUIDE = """\
---
title: Connect to the VPN
description: Reach the office network from home.
tags: [network]
phrases:
  - vpn
owner: Service Desk
reviewed: 2020-01-15
review_every: 6 months
---

# Connect to the VPN

Open the VPN app and choose Connect.
"""


# -- a tiny browser over http.client: it keeps cookies and never follows redirects --------


@dataclass
class Page:
    status: int
    headers: Headers
    text: str

    def cookie_header(self) -> str:
        return self.headers.get("Set-Cookie", "")


@dataclass
class Browser:
    base: str
    source: str  # the loopback address this "person" connects from
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, **headers: str
    ) -> Page:
        parts = urlsplit(self.base)
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=10, source_address=(self.source, 0)
        )
        body = urlencode(form).encode() if form is not None else None
        sent = dict(headers)
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            page = Page(
                response.status,
                Headers(list(response.getheaders())),
                response.read().decode("utf-8"),
            )
        finally:
            connection.close()
        for line in page.headers.getlist("Set-Cookie"):
            jar: SimpleCookie = SimpleCookie()
            jar.load(line)
            for name, morsel in jar.items():
                if morsel.value and "1970" not in morsel.get("expires", ""):
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return page

    def get(self, path: str, **headers: str) -> Page:
        return self.request("GET", path, **headers)

    def post(self, path: str, form: dict[str, str], **headers: str) -> Page:
        return self.request("POST", path, form, **headers)

    def csrf(self, path: str = "/admin/login") -> str:
        """The hidden token of the first form on `path`."""
        page = self.get(path)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert found, page.text
        return found.group(1)

    def log_in(self, password: str = PASSWORD) -> Page:
        return self.post("/admin/login", {"csrf_token": self.csrf(), "password": password})


_addresses = iter(range(10, 250))


def person_on(server: Server) -> Browser:
    """A new person, from a loopback address no other test uses."""
    return Browser(server.url, f"127.0.0.{next(_addresses)}")


# -- a seeded store and servers ------------------------------------------------------------


@dataclass
class Setup:
    content: Path
    database: str
    var: Path


def _vote(store: Store, guide: str, visitor: str, day: dt.date, helpful: bool, **extra) -> None:
    store.save_vote(
        Vote(
            guide=guide,
            visitor=visitor,
            day=day,
            helpful=helpful,
            reason=extra.get("reason"),
            comment=extra.get("comment"),
            created=dt.datetime.combine(day, dt.time(12)),
        )
    )


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    """Two guides; 8 of 10 found the paper-jam guide helpful today; one comment is a script."""
    root = tmp_path_factory.mktemp("admin")
    content = root / "content"
    write(content, "index.md", "# Help\n\nWelcome.\n")
    write(content, "printing/clear-paper-jam.md", FRESH_GUIDE)
    write(content, "network/connect-to-vpn.md", OLD_GUIDE)
    database = f"sqlite:///{root / 'store.sqlite3'}"
    store = Store(database)
    store.migrate()
    for number in range(10):
        helpful = number < 8
        _vote(
            store,
            "printing/clear-paper-jam",
            f"visitor-{number}",
            TODAY,
            helpful,
            reason=None if helpful else "steps-did-not-work",
            comment=f"The tray was stuck {SCRIPT}" if number == 9 else None,
        )
    # Ten days ago: inside the last 30 days, outside the last 7.
    _vote(store, "network/connect-to-vpn", "visitor-old", TODAY - dt.timedelta(days=10), False)
    now = utc_now()
    for _ in range(3):
        store.add_search("internet phonebook <b>", 0, "page", now)
    store.add_search("paper jam", 1, "api", now)
    store.dispose()
    return Setup(content, database, root / "var")


def _serve(built: Built, setup: Setup, var: Path, **env: str) -> Server:
    return start_server(
        built.site,
        var_dir=var,
        extra_env={
            "KB_CONTENT_DIR": str(setup.content),
            "KB_DATABASE_URL": setup.database,
            "KB_SECRET_KEY": "",
            **env,
        },
    )


@pytest.fixture(scope="module")
def dashboard(built: Built, setup: Setup) -> Iterator[Server]:
    running = _serve(built, setup, setup.var, KB_ADMIN_PASSWORD=PASSWORD)
    yield running
    stop_server(running)


def _middle(html: str) -> str:
    """What the portal put inside the site's frame (the frame's navigation lists every guide)."""
    return html.split("<!-- kb:content -->")[1].split("<!-- /kb:content -->")[0]


# -- turned off ------------------------------------------------------------------------------


def test_without_a_password_the_dashboard_is_off_and_shows_no_data(
    built: Built, setup: Setup, tmp_path: Path
) -> None:
    running = _serve(built, setup, tmp_path / "var", KB_ADMIN_PASSWORD="")
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
    page = person.log_in()  # even the right password waits
    assert page.status == 429
    assert "too many login attempts" in page.text.lower()
    assert 1 <= int(page.headers["Retry-After"]) <= 60
    assert person.get("/admin").status == 303
    # The limit is per address: someone else can still log in.
    assert person_on(dashboard).log_in().status == 303


# -- the report ------------------------------------------------------------------------------


def _logged_in(server: Server) -> Browser:
    person = person_on(server)
    page = person.log_in()
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
    first, second = (_serve(built, setup, tmp_path / name, **env) for name in ("a", "b"))
    try:
        person = person_on(first)
        assert person.log_in().status == 303
        stolen = dict(person.cookies)
        assert Browser(second.url, person.source, stolen).get("/admin").status == 200
        assert person.post("/admin/logout", {"csrf_token": person.csrf("/admin")}).status == 303
        assert Browser(second.url, person.source, stolen).get("/admin").status == 303
        assert Browser(first.url, person.source, stolen).get("/admin").status == 303
    finally:
        stop_server(first)
        stop_server(second)


def test_secure_cookie_behind_an_https_proxy(built: Built, setup: Setup, tmp_path: Path) -> None:
    running = _serve(built, setup, tmp_path / "var", KB_ADMIN_PASSWORD=PASSWORD, KB_PROXIES="1")
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
    first = _serve(built, setup, var, KB_ADMIN_PASSWORD=PASSWORD)
    try:
        person = _logged_in(first)
    finally:
        stop_server(first)
    key = var / "secret-key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert re.fullmatch(r"[0-9a-f]{64}", key.read_text().strip())
    second = _serve(built, setup, var, KB_ADMIN_PASSWORD=PASSWORD)
    try:
        person.base = second.url
        assert person.get("/admin").status == 200
    finally:
        stop_server(second)
    # A new password ends every login made with the old one.
    third = _serve(built, setup, var, KB_ADMIN_PASSWORD=PASSWORD + " (new)")
    try:
        person.base = third.url
        assert person.get("/admin").status == 303
    finally:
        stop_server(third)


def test_an_unreachable_store_gives_a_plain_503(built: Built, setup: Setup, tmp_path: Path) -> None:
    nobody = f"postgresql://kb:secret@127.0.0.1:{free_port()}/kb"
    running = _serve(
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


# -- the charts themselves -------------------------------------------------------------------


def test_a_day_without_votes_breaks_the_line_instead_of_reading_as_zero() -> None:
    days = [dt.date(2026, 5, d) for d in (1, 2, 3, 4)]
    daily = [
        DailyPoint(days[0], 4, 1, 2, 2),
        DailyPoint(days[1], 0, 0, 0, 0),
        DailyPoint(days[2], 6, 0, 4, 1),
        DailyPoint(days[3], 2, 2, 2, 1),
    ]
    chart = helpful_share_chart(daily)
    assert str(chart.svg).count("<polyline") == 1  # 3 May to 4 May; 1 May stands alone
    assert str(chart.svg).count("<circle") == 3
    assert "4 of 8 votes said the guide helped (50\u00a0%)" in chart.summary
    assert "Highest: 100\u00a0% on 1 May 2026 (2 votes)" in chart.summary
    assert "Lowest: 25\u00a0% on 3 May 2026 (4 votes)" in chart.summary
    assert "1 day had no votes" in chart.summary
    assert chart.rows[1] == ["2 May 2026", "0", "0", "–"]

    bars = searches_chart(daily)
    assert "12 searches in all, 3.0 a day on average" in bars.summary
    assert str(bars.svg).count("<rect") == 3  # no bar for a day without searches
    assert [nice_ceiling(n) for n in (0, 1, 3, 7, 10, 11, 45, 101)] == [
        1,
        1,
        5,
        10,
        10,
        20,
        50,
        200,
    ]


# -- in a real browser -----------------------------------------------------------------------


def test_log_in_by_keyboard_and_read_the_dashboard_in_chromium(
    dashboard: Server,
    browser,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(f"{dashboard.url}/admin")
        assert page.url.endswith("/admin/login")
        page.get_by_label("Password").fill(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url("**/admin", timeout=10_000)
        heading = page.get_by_role("heading", level=1)
        assert heading.inner_text() == "Writers' dashboard"
        # The comment reads as the reader typed it, and nothing in it ran.
        assert page.get_by_text(f"The tray was stuck {SCRIPT}").count() == 1
        assert dialogs == []
        charts = page.get_by_role("img", name="Searches per day")
        box = charts.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100
        page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url("**/admin/login?logged_out=1", timeout=10_000)
        assert page.get_by_text("You are logged out.").count() == 1
    finally:
        context.close()


def test_a_small_zero_result_share_gets_a_readable_axis() -> None:
    assert share_ceiling([0.004, None, 0.013]) == 0.02
    assert share_ceiling([0.3]) == 0.4 and share_ceiling([]) == 0.02
    day = dt.date(2026, 11, 1)
    daily = [DailyPoint(day + dt.timedelta(days=n), 100, n, 0, 0) for n in range(3)]
    svg = str(zero_result_chart(daily).svg)
    assert "1.5\u00a0%" in svg and "0.5\u00a0%" in svg  # the axis climbs to 2 %, not 100 %
    assert "100\u00a0%" not in svg
    assert "2\u00a0%</title>" in svg  # each point still names its real share
