"""Lessons' checks and progress over real HTTP against `kb serve`, with a small course in a
throwaway content folder and a real SQLite file: right and wrong answers counted, first tries,
bad input refused with nothing stored, the rate limit, a store that is down, and completion
records off (no person anywhere) and on (one row per person and course, exported as CSV)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.admin import PASSWORD, logged_in
from tests.support.courses import write_course
from tests.support.http import assert_post_only, assert_refused, http_post
from tests.support.kb import Built
from tests.support.servers import (
    NO_VOTE_LIMITS,
    Server,
    serve_content,
    serve_without_store,
    stop_server,
)
from tests.support.store import rows

COURSE = "learn/staying-safe-online"
FIRST = f"{COURSE}/spot-a-fake-email"
LAST = f"{COURSE}/lock-your-screen"
TABLES = ("check_answers", "lesson_progress")
PERSON = "=alex.morgan"  # starts like a spreadsheet formula on purpose


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("learning") / "content"
    write_course(root)
    return root


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("learning-store") / "store.sqlite3"


@pytest.fixture(scope="module")
def portal(built: Built, content: Path, database: Path) -> Iterator[Server]:
    running = serve_content(built.site, content, database, **NO_VOTE_LIMITS)
    yield running
    stop_server(running)


def counts(database: Path) -> dict[str, int]:
    return {table: rows(database, f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}


def answer(server: Server, body: Any, agent: str = "reader-1", **headers: str):
    return http_post(f"{server.url}/api/answer", body, {"User-Agent": agent, **headers})


def progress(server: Server, body: Any, agent: str = "reader-1", **headers: str):
    return http_post(f"{server.url}/api/progress", body, {"User-Agent": agent, **headers})


def check(question: str = "q1", chosen: list[int] | None = None, first_try: bool = True) -> dict:
    return {"lesson": FIRST, "question": question, "chosen": chosen or [1], "first_try": first_try}


def test_the_portal_says_whether_an_answer_is_right_and_keeps_it(
    portal: Server, database: Path
) -> None:
    replies = [
        answer(portal, check("q1", [0]), agent="learner"),  # wrong, first try
        answer(portal, check("q1", [1], first_try=False), agent="learner"),  # right, later
        answer(portal, check("q2", [0, 1]), agent="learner"),  # "choose all that apply": right
        answer(portal, check("q2", [0]), agent="other-learner"),  # one right of two: not right
    ]
    assert [r.status for r in replies] == [201] * 4, [r.text for r in replies]
    assert [json.loads(r.body) for r in replies] == [
        {"saved": True, "right": False},
        {"saved": True, "right": True},
        {"saved": True, "right": True},
        {"saved": True, "right": False},
    ]
    found = rows(
        database,
        "SELECT question, chosen, right, first_try, visitor, lesson FROM check_answers ORDER BY id",
    )[-4:]
    assert [(r["question"], r["chosen"], r["right"], r["first_try"]) for r in found] == [
        ("q1", "0", 0, 1),
        ("q1", "1", 1, 0),
        ("q2", "0,1", 1, 1),
        ("q2", "0", 0, 1),
    ]
    assert {r["lesson"] for r in found} == {FIRST}
    assert all(len(r["visitor"]) == 48 for r in found)  # the daily keys, as feedback keeps
    stored = " ".join(str(value) for r in found for value in tuple(r))
    assert "127.0.0.1" not in stored and "learner" not in stored


def test_progress_is_kept_once_per_reader_lesson_and_day(portal: Server, database: Path) -> None:
    for _ in range(3):
        assert progress(portal, {"lesson": FIRST, "event": "opened"}, agent="opener").status == 201
    reply = progress(portal, {"lesson": f"/{FIRST}/", "event": "finished"}, agent="opener")
    assert reply.status == 201 and json.loads(reply.body) == {"saved": True}
    found = rows(database, "SELECT lesson, event, visitor FROM lesson_progress")
    mine = [(r["lesson"], r["event"]) for r in found]
    assert mine.count((FIRST, "opened")) >= 1
    visitors = {r["visitor"] for r in found if r["lesson"] == FIRST and r["event"] == "opened"}
    assert len(visitors) == len([e for e in mine if e == (FIRST, "opened")])  # once per reader


def changed(**fields: object) -> str:
    return json.dumps({**check(), **fields})


JSON = "application/json"
BAD = [
    ("/api/answer", "text/plain", json.dumps(check()), 415, "JSON"),
    ("/api/answer", JSON, "{not json", 400, "not valid JSON"),
    ("/api/answer", JSON, "[1]", 400, "one JSON object"),
    ("/api/answer", JSON, json.dumps({**check(), "comment": "hi"}), 400, "comment"),
    ("/api/answer", JSON, changed(lesson="learn/nowhere/at-all"), 400, "no lesson"),
    ("/api/answer", JSON, json.dumps({**check(), "lesson": "../../etc/passwd"}), 400, "no lesson"),
    ("/api/answer", JSON, json.dumps({**check(), "lesson": 5}), 400, "which lesson"),
    ("/api/answer", JSON, json.dumps(check("q9")), 400, "no such question"),
    ("/api/answer", JSON, json.dumps(check("1")), 400, '"question"'),
    ("/api/answer", JSON, json.dumps(check("q1", [3])), 400, "from 0 to 2"),
    ("/api/answer", JSON, json.dumps(check("q1", [-1])), 400, "from 0 to 2"),
    ("/api/answer", JSON, json.dumps({**check(), "chosen": [True]}), 400, "from 0 to 2"),
    ("/api/answer", JSON, json.dumps({**check(), "chosen": ["1"]}), 400, "from 0 to 2"),
    ("/api/answer", JSON, json.dumps({**check(), "chosen": []}), 400, '"chosen"'),
    ("/api/answer", JSON, json.dumps({**check(), "chosen": 1}), 400, '"chosen"'),
    ("/api/answer", JSON, json.dumps(check("q1", [0, 1])), 400, "exactly one"),
    ("/api/answer", JSON, json.dumps(check("q2", [0, 0])), 400, "twice"),
    ("/api/answer", JSON, json.dumps({**check(), "first_try": "yes"}), 400, "true or false"),
    ("/api/answer", JSON, json.dumps({**check(), "lesson": "a" * 2000}), 413, "too large"),
    ("/api/progress", JSON, json.dumps({"lesson": FIRST, "event": "closed"}), 400, "one of"),
    ("/api/progress", JSON, json.dumps({"lesson": FIRST}), 400, "one of"),
    ("/api/progress", JSON, json.dumps({"lesson": "learn/x", "event": "opened"}), 400, "no lesson"),
    ("/api/progress", JSON, json.dumps({"lesson": FIRST, "event": "opened", "x": 1}), 400, "x"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "content_type", "body", "status", "says"), BAD)
def test_bad_input_is_refused_plainly_and_nothing_is_stored(
    portal: Server, database: Path, path: str, content_type: str, body: str, status: int, says: str
) -> None:
    before = counts(database)
    assert_refused(f"{portal.url}{path}", content_type, body, status, says)
    assert counts(database) == before


@pytest.mark.parametrize("path", ["/api/answer", "/api/progress"])
def test_get_and_options_are_refused_in_words(portal: Server, path: str) -> None:
    assert_post_only(f"{portal.url}{path}")


def test_one_reader_is_limited_and_others_are_not(
    built: Built, content: Path, tmp_path: Path
) -> None:
    database = tmp_path / "limited.sqlite3"
    # 3 a minute here.
    server = serve_content(built.site, content, database, KB_FEEDBACK_PER_MINUTE="1")
    try:
        statuses = [answer(server, check(), agent="eager").status for _ in range(3)]
        statuses.append(progress(server, {"lesson": FIRST, "event": "opened"}, "eager").status)
        assert statuses == [201, 201, 201, 429]
        refused = answer(server, check(), agent="eager")
        assert refused.status == 429 and int(refused.headers["Retry-After"]) >= 1
        assert "wait a minute" in json.loads(refused.body)["error"]
        assert answer(server, check(), agent="someone-else").status == 201
    finally:
        stop_server(server)
    assert counts(database) == {"check_answers": 4, "lesson_progress": 0}


def test_a_store_that_is_down_gets_503_as_feedback_does(built: Built, content: Path) -> None:
    server = serve_without_store(built.site, content, built.var)
    try:
        reply = answer(server, check())
        assert reply.status == 503 and reply.headers["Retry-After"] == "60"
        assert "could not be saved" in json.loads(reply.body)["error"]
        down = progress(server, {"lesson": FIRST, "event": "opened"})
        assert down.status == 503
        # Bad input is still a plain 400, never a 5xx, while the store is down.
        assert answer(server, check("q9")).status == 400
    finally:
        stop_server(server)


def every_value(database: Path) -> str:
    """Every value in every table of the SQLite file, as one text."""
    connection = sqlite3.connect(database)
    try:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        assert {"check_answers", "lesson_progress", "completions", "feedback"} <= set(tables)
        values = [
            str(value)
            for table in tables
            for row in connection.execute(f'SELECT * FROM "{table}"')
            for value in row
        ]
    finally:
        connection.close()
    return " ".join(values)


def finish_course(server: Server, agent: str, **headers: str) -> None:
    for lesson in (FIRST, LAST):
        for event in ("opened", "finished"):
            reply = progress(server, {"lesson": lesson, "event": event}, agent, **headers)
            assert reply.status == 201, reply.text
    assert answer(server, check(), agent, **headers).status == 201


@pytest.mark.parametrize(
    "env",
    [{}, {"KB_COMPLETION_HEADER": "X-Remote-User"}],  # on, but no proxy is trusted to set it
    ids=["off", "header-without-trusted-proxy"],
)
def test_with_records_off_no_person_is_kept_anywhere(
    built: Built, content: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    database = tmp_path / "off.sqlite3"
    server = serve_content(built.site, content, database, **env)
    try:
        finish_course(server, "off-reader", **{"X-Remote-User": "alex.morgan"})
        log = server.output()
    finally:
        stop_server(server)
    assert rows(database, "SELECT count(*) FROM completions")[0][0] == 0
    assert counts(database)["lesson_progress"] == 4
    assert "alex.morgan" not in every_value(database)
    assert "alex.morgan" not in log


def test_with_records_on_finishing_the_last_lesson_records_the_person_once(
    built: Built, content: Path, tmp_path: Path
) -> None:
    database = tmp_path / "on.sqlite3"
    server = serve_content(
        built.site,
        content,
        database,
        KB_COMPLETION_HEADER="X-Remote-User",
        KB_PROXIES="1",
        KB_ADMIN_PASSWORD=PASSWORD,
    )
    try:
        # The first lesson finished is not the course finished.
        reply = progress(
            server, {"lesson": FIRST, "event": "finished"}, "on", **{"X-Remote-User": PERSON}
        )
        assert reply.status == 201
        assert rows(database, "SELECT count(*) FROM completions")[0][0] == 0
        finish_course(server, "on", **{"X-Remote-User": PERSON})
        finish_course(server, "on-again", **{"X-Remote-User": PERSON})  # upsert: still one row
        finish_course(server, "anonymous")  # no header: nobody to record
        finish_course(server, "blank", **{"X-Remote-User": "   "})
        recorded = rows(database, "SELECT person, course, finished_on FROM completions")
        assert [(r["person"], r["course"]) for r in recorded] == [(PERSON, COURSE)]

        person = logged_in(server)
        dashboard = person.get("/admin").text
        assert "Download completion records (CSV)" in dashboard
        download = person.get("/admin/completions.csv")
        assert download.status == 200
        assert download.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in download.headers["Content-Disposition"]
        table = list(csv.DictReader(io.StringIO(download.text, newline="")))
        assert table == [
            {
                "person": "'" + PERSON,  # a spreadsheet shows it as text, never runs it
                "course": COURSE,
                "course_title": "Staying safe online",
                "finished_on": recorded[0]["finished_on"],
            }
        ]
    finally:
        stop_server(server)
