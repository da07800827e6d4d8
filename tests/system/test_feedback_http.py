"""Feedback, search counts and clicks over real HTTP, into a real SQLite file and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from portal.store.database import Store, Vote
from tests.support.http import http_get, http_post
from tests.support.kb import Built, run_kb
from tests.support.servers import NO_VOTE_LIMITS, Server, start_server, stop_server
from tests.support.store import rows

GUIDE = "printing/printer-not-printing"
BROWSER = {"User-Agent": "Mozilla/5.0 (Windows NT 10.0) plainhelp-test"}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("store") / "store.sqlite3"


@pytest.fixture(scope="module")
def portal(built: Built, database: Path) -> Iterator[Server]:
    env = {
        "KB_DATABASE_URL": f"sqlite:///{database}",
        **NO_VOTE_LIMITS,
    }
    running = start_server(built.site, env, var_dir=built.var)
    yield running
    stop_server(running)


def rows_when_written(database: Path, sql: str, expected: int = 1) -> list[sqlite3.Row]:
    """Searches are written just after the answer is sent: wait for them (up to 10 s)."""
    deadline = time.monotonic() + 10
    found = rows(database, sql)
    while len(found) < expected and time.monotonic() < deadline:
        time.sleep(0.05)
        found = rows(database, sql)
    return found


def vote(server: Server, body: Any, agent: str = "reader-1", **headers: str):
    return http_post(f"{server.url}/api/feedback", body, {"User-Agent": agent, **headers})


def test_an_answer_is_stored_without_the_address_or_browser(portal: Server, database: Path) -> None:
    reply = vote(
        portal,
        {
            "page": f"/{GUIDE}/",
            "helpful": False,
            "reason": "steps-did-not-work",
            "comment": "Still offline. Call me on 07700 900123, my password is Summer2026!",
        },
        agent="Mozilla/5.0 secret-browser-name",
    )
    assert reply.status == 201, reply.text
    assert json.loads(reply.body)["replaced"] is False
    [row] = rows(database, "SELECT * FROM feedback WHERE comment LIKE 'Still offline%'")
    assert row["guide"] == GUIDE and row["helpful"] == 0 and row["reason"] == "steps-did-not-work"
    assert row["comment"] == "Still offline. Call me on [removed], my password is [removed]!"
    stored = " ".join(str(value) for value in tuple(row))
    assert "127.0.0.1" not in stored and "secret-browser-name" not in stored
    assert len(row["visitor"]) == 48  # 16 for the address, 32 for the reader: both daily keys


def test_the_answer_repeats_the_comment_exactly_as_stored(portal: Server, database: Path) -> None:
    """The page carries this text into "Still stuck?": it must be the stored, screened one."""
    typed = "Tray 2 again. Mail jo.smith@example.com, my login is Tr0ub4dor&3 (sorry)."
    body = {"page": "printing/clear-paper-jam", "helpful": False, "comment": typed}
    reply = vote(portal, body, agent="carries-its-comment")
    assert reply.status == 201, reply.text
    said = json.loads(reply.body)["comment"]
    [row] = rows(database, "SELECT comment FROM feedback WHERE comment LIKE 'Tray 2 again%'")
    assert said == row["comment"] == "Tray 2 again. Mail [removed], my login is [removed] (sorry)."
    # No comment, or a blank one: the answer says null, and nothing is stored for it.
    for blank in ({}, {"comment": None}, {"comment": "   "}):
        answer = {"page": "printing/clear-paper-jam", "helpful": True, **blank}
        reply = vote(portal, answer, agent="carries-no-comment")
        assert reply.status == 201 and json.loads(reply.body)["comment"] is None, reply.text


def test_a_second_answer_the_same_day_replaces_the_first(portal: Server, database: Path) -> None:
    body = {"page": "accounts/reset-forgotten-password", "helpful": True}
    assert vote(portal, body, agent="changes-mind").status == 201
    reply = vote(portal, {**body, "helpful": False, "reason": "out-of-date"}, agent="changes-mind")
    assert reply.status == 201 and json.loads(reply.body)["replaced"] is True
    found = rows(
        database,
        "SELECT helpful, reason FROM feedback WHERE guide = 'accounts/reset-forgotten-password'",
    )
    assert [tuple(r) for r in found] == [(0, "out-of-date")]


def answer(**fields: object) -> str:
    return json.dumps({"page": GUIDE, "helpful": True, **fields})


JSON = "application/json"
BAD_ANSWERS = [
    ("text/plain", answer(), 415, "JSON"),
    (JSON, "{not json", 400, "not valid JSON"),
    (JSON, "[1, 2]", 400, "one JSON object"),
    (JSON, answer(rating=5), 400, "rating"),
    (JSON, answer(page="printing/no-such-guide"), 400, "no guide"),
    (JSON, answer(page="../../etc/passwd"), 400, "no guide"),
    (JSON, json.dumps({"helpful": True}), 400, "which guide"),
    (JSON, answer(helpful="yes"), 400, "true or false"),
    (JSON, answer(helpful=False, reason="bad"), 400, "one of"),
    (JSON, answer(reason="other"), 400, "only"),
    (JSON, answer(comment=5), 400, "text"),
    (JSON, answer(comment="a" * 2001), 413, "2,000"),
    (JSON, answer(comment="a" * 20_000), 413, "too large"),
]


@pytest.mark.parametrize(("content_type", "body", "status", "says"), BAD_ANSWERS)
def test_bad_answers_are_refused_plainly_and_nothing_is_stored(
    portal: Server, database: Path, content_type: str, body: str, status: int, says: str
) -> None:
    before = rows(database, "SELECT count(*) FROM feedback")[0][0]
    reply = vote(portal, body, agent="bad-input", **{"Content-Type": content_type})
    assert reply.status == status, reply.text
    message = json.loads(reply.body)["error"]
    assert says in message and "Traceback" not in message
    assert rows(database, "SELECT count(*) FROM feedback")[0][0] == before


def test_a_get_or_other_method_is_refused_with_json(portal: Server) -> None:
    reply = http_get(f"{portal.url}/api/feedback")
    assert reply.status == 405
    assert "error" in json.loads(reply.body)


def test_one_visitor_is_limited_and_others_are_not(built: Built, tmp_path: Path) -> None:
    env = {
        "KB_DATABASE_URL": f"sqlite:///{tmp_path}/s.sqlite3",
        "KB_FEEDBACK_PER_MINUTE": "3",
    }
    server = start_server(built.site, env, var_dir=built.var)
    try:
        body = {"page": GUIDE, "helpful": True}
        statuses = [vote(server, body, agent="eager").status for _ in range(4)]
        assert statuses == [201, 201, 201, 429]
        refused = vote(server, body, agent="eager")
        assert int(refused.headers["Retry-After"]) >= 1
        assert "wait a minute" in json.loads(refused.body)["error"]
        assert vote(server, body, agent="someone-else").status == 201
    finally:
        stop_server(server)
    assert rows(tmp_path / "s.sqlite3", "SELECT count(*) FROM feedback")[0][0] == 2


def test_searches_are_counted_and_clicks_recorded(portal: Server, database: Path) -> None:
    reply = http_get(f"{portal.url}/api/search?q=Printer%20%20OFFLINE", BROWSER)
    body = json.loads(reply.body)
    token = body["search_id"]
    [search] = rows_when_written(database, f"SELECT * FROM searches WHERE token = '{token}'")
    assert (search["query"], search["results"], search["source"]) == (
        "printer offline",
        body["total"],
        "api",
    )
    assert search["hour"].endswith(":00:00.000000")
    first = body["results"][1]
    click = {"search": token, "position": 2, "page": first["url"]}
    # navigator.sendBeacon sends text/plain unless told otherwise.
    assert (
        http_post(
            f"{portal.url}/api/click", json.dumps(click), {"Content-Type": "text/plain"}
        ).status
        == 204
    )
    [row] = rows(database, f"SELECT * FROM clicks WHERE search_id = {search['id']}")
    assert (row["position"], row["guide"]) == (2, first["path"])


def test_clicks_with_bad_input_are_refused(portal: Server) -> None:
    token = json.loads(http_get(f"{portal.url}/api/search?q=wifi").body)["search_id"]
    for body in (
        {"search": "unknown-token", "position": 1, "page": GUIDE},
        {"search": token, "position": 0, "page": GUIDE},
        {"search": token, "position": True, "page": GUIDE},
        {"search": token, "position": 1, "page": "nowhere/at-all"},
        {"search": token, "position": 1, "page": GUIDE, "extra": 1},
    ):
        reply = http_post(f"{portal.url}/api/click", body)
        assert reply.status == 400, body
        assert json.loads(reply.body)["error"]


def test_typing_in_the_site_box_counts_as_one_search(portal: Server, database: Path) -> None:
    agent = {"User-Agent": "typing-in-the-box"}
    tokens = {
        json.loads(http_get(f"{portal.url}/api/search?q={quote(q)}&source=site", agent).body)[
            "search_id"
        ]
        for q in ("o", "ou", "outlo", "outlook keeps", "outlook keeps asking for password")
    }
    assert len(tokens) == 1
    sql = f"SELECT * FROM searches WHERE token = '{tokens.pop()}' AND query LIKE '%password'"
    [row] = rows_when_written(database, sql)
    assert (row["query"], row["source"]) == ("outlook keeps asking for password", "site")
    # A new subject is a new search.
    other = json.loads(http_get(f"{portal.url}/api/search?q=vpn&source=site", agent).body)
    assert other["search_id"] not in tokens


def test_the_results_page_counts_its_search_and_names_it(portal: Server, database: Path) -> None:
    reply = http_get(f"{portal.url}/search?q=forgot+my+password", BROWSER)
    assert reply.status == 200
    found = rows_when_written(
        database, "SELECT token, source FROM searches WHERE query = 'forgot my password'"
    )
    assert found and found[-1]["source"] == "page"
    assert f'data-kb-search="{found[-1]["token"]}"' in reply.text


def test_zero_result_searches_are_counted(portal: Server, database: Path) -> None:
    http_get(f"{portal.url}/api/search?q=zqxv+frobnicator", BROWSER)
    [row] = rows_when_written(
        database, "SELECT results FROM searches WHERE query = 'zqxv frobnicator'"
    )
    assert row["results"] == 0


def test_retention_is_applied_at_start_and_by_kb_purge(built: Built, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/s.sqlite3"
    store = Store(url)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for days_ago in (400, 100, 1):
        moment = now - dt.timedelta(days=days_ago)
        store.save_vote(Vote(GUIDE, f"v{days_ago}", moment.date(), True, None, None, moment))
        store.add_search(f"query {days_ago}", 1, "api", moment)
    store.dispose()
    server = start_server(built.site, {"KB_DATABASE_URL": url}, var_dir=built.var)  # keeps 180
    stop_server(server)
    assert rows(tmp_path / "s.sqlite3", "SELECT count(*) FROM feedback")[0][0] == 2
    result = run_kb("purge", "--days", "30", env={"KB_DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert "deleted 1 answer(s), 1 search(es)" in result.stdout
    assert [r[0] for r in rows(tmp_path / "s.sqlite3", "SELECT query FROM searches")] == ["query 1"]


def test_votes_wait_for_postgresql_while_pages_and_search_keep_working(
    built: Built,
    postgres_server,
    postgres_url: str,
) -> None:
    server = start_server(built.site, {"KB_DATABASE_URL": postgres_url}, var_dir=built.var)
    body = {"page": GUIDE, "helpful": True}
    try:
        assert vote(server, body).status == 201
        postgres_server.stop()
        down = vote(server, body)
        assert down.status == 503
        assert "could not be saved" in json.loads(down.body)["error"]
        search = http_get(f"{server.url}/api/search?q=printer")
        assert search.status == 200 and json.loads(search.body)["results"]
        assert json.loads(search.body)["search_id"] is None
        assert http_get(f"{server.url}/{GUIDE}/").status == 200
        assert http_get(f"{server.url}/search?q=printer").status == 200
        postgres_server.start()
        deadline = time.monotonic() + 30
        status = 0
        while time.monotonic() < deadline:
            status = vote(server, {**body, "helpful": False}).status
            if status == 201:
                break
            time.sleep(0.5)
        assert status == 201
    finally:
        stop_server(server)
        postgres_server.ensure_running()
    store = Store(postgres_url)
    with store.begin() as connection:
        helpful = connection.exec_driver_sql("SELECT helpful FROM feedback").scalars().all()
    store.dispose()
    assert helpful == [False]  # the second answer replaced the first, after the outage


def test_the_portal_starts_and_serves_while_the_database_is_down(built: Built) -> None:
    env = {"KB_DATABASE_URL": "postgresql://kb:kb@127.0.0.1:9/missing"}
    server = start_server(built.site, env, var_dir=built.var)
    try:
        assert http_get(f"{server.url}/").status == 200
        assert json.loads(http_get(f"{server.url}/api/search?q=vpn").body)["results"]
        reply = vote(server, {"page": GUIDE, "helpful": True})
        assert reply.status == 503 and reply.headers["Retry-After"] == "60"
        assert "try again" in json.loads(reply.body)["error"]
        health = json.loads(http_get(f"{server.url}/healthz").body)
        assert health["status"] == "degraded" and "cannot be reached" in health["checks"]["store"]
        assert "kb:kb" not in health["checks"]["store"]  # no password in the answer
    finally:
        stop_server(server)
