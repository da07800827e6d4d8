"""Announcements over HTTP: the banner on every page, from the status file, the dashboard and
`kb status`.

`/api/status` is asked over real HTTP from a real `kb serve`, with a real status file, a real
login and a PostgreSQL server that stops. The portals here keep the announcement for 0 seconds
(KB_STATUS_CACHE_SECONDS), so no answer depends on a clock; where another process writes, the
test asks again until a deadline. The store's own methods are in test_announcements_store.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from portal.store.database import Store, utc_now
from tests.support.http import http_get
from tests.support.http_browser import Browser
from tests.support.kb import Built, run_kb
from tests.support.servers import Server, free_port, start_server, stop_server

PASSWORD = "announcements are for everyone"
OUTAGE = "E-mail is down for everyone; we're on it."
LONG = "The VPN is slow this morning. " * 20  # 600 characters


@dataclass
class Portal:
    server: Server
    database: str
    status_file: Path

    @property
    def env(self) -> dict[str, str]:
        """What `kb status` needs to reach the same store and file as the portal."""
        return {"KB_DATABASE_URL": self.database, "KB_STATUS_FILE": str(self.status_file)}


def start_portal(built: Built, folder: Path, database: str) -> Portal:
    status_file = folder / "status.txt"
    server = start_server(
        built.site,
        var_dir=built.var,
        extra_env={
            "KB_DATABASE_URL": database,
            "KB_STATUS_FILE": str(status_file),
            "KB_STATUS_CACHE_SECONDS": "0",
            "KB_ADMIN_PASSWORD": PASSWORD,
            "KB_SECRET_KEY": "",
        },
    )
    return Portal(server, database, status_file)


@pytest.fixture(scope="module")
def portal(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    folder = tmp_path_factory.mktemp("announcements")
    running = start_portal(built, folder, f"sqlite:///{folder / 'store.sqlite3'}")
    yield running
    stop_server(running.server)


@pytest.fixture
def fresh(portal: Portal) -> Portal:
    """No announcement anywhere: the store's cleared and the file removed."""
    store = Store(portal.database)
    store.clear_announcement()
    store.dispose()
    portal.status_file.unlink(missing_ok=True)
    return portal


_addresses = iter(range(10, 250))


def logged_in(portal: Portal) -> Browser:
    """A writer logged in to the dashboard, from a loopback address of their own."""
    person = Browser(portal.server.url, f"127.0.1.{next(_addresses)}")
    assert person.log_in(PASSWORD).status == 303
    return person


def shown(portal: Portal) -> dict[str, Any] | None:
    reply = http_get(f"{portal.server.url}/api/status")
    assert reply.status == 200, reply.text
    return json.loads(reply.body)["announcement"]


def wait_until(
    portal: Portal, wanted: Callable[[dict[str, Any] | None], bool], seconds: float = 20
) -> dict[str, Any] | None:
    """Ask /api/status until the answer is the one wanted (another process wrote it)."""
    deadline = time.monotonic() + seconds
    while True:
        answer = shown(portal)
        if wanted(answer) or time.monotonic() > deadline:
            return answer
        time.sleep(0.1)


def says(message: str | None, source: str | None = None) -> Callable[[Any], bool]:
    def check(answer: dict[str, Any] | None) -> bool:
        if message is None:
            return answer is None
        return answer is not None and answer["message"] == message and source == answer["source"]

    return check


def set_mtime(path: Path, moment: dt.datetime) -> None:
    stamp = moment.replace(tzinfo=dt.UTC).timestamp()
    os.utime(path, (stamp, stamp))


def test_no_announcement_is_null_and_may_be_cached_for_30_seconds(fresh: Portal) -> None:
    reply = http_get(f"{fresh.server.url}/api/status")
    assert reply.status == 200
    assert json.loads(reply.body) == {"announcement": None}
    assert reply.headers["Content-Type"] == "application/json"
    assert reply.headers["Cache-Control"] == "public, max-age=30"
    again = http_get(f"{fresh.server.url}/api/status", {"If-None-Match": reply.headers["ETag"]})
    assert again.status == 304 and again.body == b""


def test_the_status_file_shows_on_every_page_within_moments(fresh: Portal) -> None:
    fresh.status_file.write_text("\n  E-mail is down\nfor everyone;   we're on it.\n", "utf-8")
    answer = wait_until(fresh, says(OUTAGE, "file"))
    assert answer is not None and answer["source"] == "file", answer
    mtime = dt.datetime.fromtimestamp(fresh.status_file.stat().st_mtime, dt.UTC)
    assert answer["posted_at"] == mtime.strftime("%Y-%m-%dT%H:%M:%SZ")

    fresh.status_file.write_text(LONG, "utf-8")
    answer = wait_until(fresh, lambda a: a is not None and a["message"].endswith("…"))
    assert answer is not None and len(answer["message"]) == 280

    fresh.status_file.write_text("   \n", "utf-8")
    assert wait_until(fresh, says(None)) is None  # an empty file: no banner
    fresh.status_file.write_text(OUTAGE, "utf-8")
    assert wait_until(fresh, says(OUTAGE, "file")) is not None
    fresh.status_file.unlink()
    assert wait_until(fresh, says(None)) is None


def test_the_dashboard_posts_and_clears_and_the_newest_source_wins(fresh: Portal) -> None:
    fresh.status_file.write_text("Printers on floor 2 are offline.", "utf-8")
    set_mtime(fresh.status_file, utc_now() - dt.timedelta(hours=1))
    writer = logged_in(fresh)
    posted = writer.post(
        "/admin/announcement", {"csrf_token": writer.csrf("/admin"), "message": OUTAGE}
    )
    assert posted.status == 303
    assert posted.headers["Location"].endswith("/admin?announcement=posted#kb-announcement")
    answer = shown(fresh)  # the same process: no waiting for its cache
    assert answer is not None and answer["message"] == OUTAGE
    assert answer["source"] == "dashboard"  # posted after the file was written

    page = writer.get("/admin?announcement=posted")
    assert "Posted. Every page of the help center shows it within a minute." in page.text
    assert "Readers see this now" in page.text and "we&#39;re on it." in page.text
    assert "an older message, “Printers on floor 2 are offline.”" in page.text

    cleared = writer.post(
        "/admin/announcement", {"csrf_token": writer.csrf("/admin"), "action": "clear"}
    )
    assert cleared.status == 303
    answer = shown(fresh)  # the file's message is there again, until the file goes
    assert answer is not None and answer["source"] == "file"

    set_mtime(fresh.status_file, utc_now() + dt.timedelta(minutes=1))
    writer.post("/admin/announcement", {"csrf_token": writer.csrf("/admin"), "message": OUTAGE})
    assert says("Printers on floor 2 are offline.", "file")(shown(fresh))  # the file is newer


def test_bad_announcements_are_refused_in_plain_words_and_change_nothing(fresh: Portal) -> None:
    writer = logged_in(fresh)
    token = writer.csrf("/admin")
    assert (
        writer.post("/admin/announcement", {"csrf_token": token, "message": OUTAGE}).status == 303
    )

    too_long = writer.post("/admin/announcement", {"csrf_token": token, "message": "x" * 281})
    assert too_long.status == 400
    assert "The announcement was not posted" in too_long.text
    assert "281 characters; please shorten it to 280 or fewer." in too_long.text
    assert 'aria-invalid="true"' in too_long.text and "x" * 281 + "</textarea>" in too_long.text

    empty = writer.post("/admin/announcement", {"csrf_token": token, "message": " \n "})
    assert empty.status == 400 and "The announcement is empty." in empty.text

    missing = writer.post("/admin/announcement", {"message": "Someone else's words."})
    wrong = writer.post(
        "/admin/announcement", {"csrf_token": token[:-2] + "xx", "message": "Not mine."}
    )
    for refused in (missing, wrong):
        assert refused.status == 400 and "This form has expired" in refused.text
    stranger = Browser(fresh.server.url, "127.0.0.1")
    outside = stranger.post("/admin/announcement", {"csrf_token": token, "action": "clear"})
    assert outside.status == 303 and outside.headers["Location"].endswith("/admin/login")

    for page in (too_long, empty, missing, wrong):
        assert "Traceback" not in page.text
    assert says(OUTAGE, "dashboard")(shown(fresh))  # nothing changed
    store = Store(fresh.database)
    try:
        assert store.current_announcement().message == OUTAGE  # type: ignore[union-attr]
    finally:
        store.dispose()


def test_kb_status_sets_shows_and_clears_it(fresh: Portal) -> None:
    result = run_kb("status", "set", "Printers", "on floor 2", "are offline.", env=fresh.env)
    assert result.returncode == 0, result.stderr
    assert "Posted." in result.stdout
    answer = wait_until(fresh, says("Printers on floor 2 are offline.", "dashboard"))
    assert says("Printers on floor 2 are offline.", "dashboard")(answer), answer

    shown_now = run_kb("status", env=fresh.env)
    assert shown_now.returncode == 0, shown_now.stderr
    assert "Readers see “Printers on floor 2 are offline.”" in shown_now.stdout
    as_json = run_kb("status", "--format", "json", env=fresh.env)
    assert json.loads(as_json.stdout) == {"announcement": answer}

    for words in ("   ", "x" * 281):
        refused = run_kb("status", "set", words, env=fresh.env)
        assert refused.returncode == 1
        assert "Traceback" not in refused.stderr
    assert "The announcement is empty." in run_kb("status", "set", " ", env=fresh.env).stderr

    cleared = run_kb("status", "clear", env=fresh.env)
    assert cleared.returncode == 0 and "Cleared." in cleared.stdout
    assert wait_until(fresh, says(None)) is None
    again = run_kb("status", "clear", env=fresh.env)
    assert "There was no announcement" in again.stdout


def test_a_store_that_stops_leaves_the_file_in_charge(
    built: Built, postgres_server, postgres_url: str, tmp_path: Path
) -> None:
    running = start_portal(built, tmp_path, postgres_url)
    try:
        running.status_file.write_text("Printers on floor 2 are offline.", "utf-8")
        set_mtime(running.status_file, utc_now() - dt.timedelta(hours=1))
        assert run_kb("status", "set", OUTAGE, env=running.env).returncode == 0
        assert says(OUTAGE, "dashboard")(wait_until(running, says(OUTAGE, "dashboard")))

        writer = logged_in(running)
        token = writer.csrf("/admin")  # the session's token, while the dashboard can show

        postgres_server.stop()
        for _ in range(3):  # every answer while it is down: 200, the file's words
            assert says("Printers on floor 2 are offline.", "file")(shown(running))
        refused = writer.post("/admin/announcement", {"csrf_token": token, "action": "clear"})
        assert refused.status == 503
        assert "status file" in refused.text and "Traceback" not in refused.text
        down = run_kb("status", "set", "Anything", env=running.env)
        assert down.returncode == 1 and "cannot be reached, so nothing was posted" in down.stderr

        postgres_server.start()
        back = wait_until(running, says(OUTAGE, "dashboard"), seconds=30)
        assert says(OUTAGE, "dashboard")(back), back
    finally:
        stop_server(running.server)
        postgres_server.ensure_running()


def test_a_store_that_was_never_reachable_still_answers(built: Built, tmp_path: Path) -> None:
    running = start_portal(built, tmp_path, f"postgresql://kb:kb@127.0.0.1:{free_port()}/gone")
    try:
        assert shown(running) is None
        running.status_file.write_text(OUTAGE, "utf-8")
        assert says(OUTAGE, "file")(wait_until(running, says(OUTAGE, "file")))
    finally:
        stop_server(running.server)
