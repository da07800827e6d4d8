"""`POST /api/troubleshooters/steps` over real HTTP against `kb serve`, with a troubleshooter in a
throwaway content folder and a real SQLite file: steps kept once per reader and day under the
daily key (never the address or the browser), bad input refused plainly with nothing stored,
the limits per reader and per address, and a store that is down answered kindly."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.http import assert_post_only, assert_refused, http_get
from tests.support.kb import Built
from tests.support.paths import (
    COMPUTER,
    JAM,
    PRINTER,
    SLOW,
    SLOW_SECTION,
    STEPS,
    TREE,
    send,
    step,
    write_content,
)
from tests.support.servers import (
    NO_VOTE_LIMITS,
    Server,
    serve_content,
    serve_without_store,
    stop_server,
)
from tests.support.store import rows


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_content(tmp_path_factory.mktemp("paths") / "content")


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("paths-store") / "store.sqlite3"


@pytest.fixture(scope="module")
def portal(built: Built, content: Path, database: Path) -> Iterator[Server]:
    running = serve_content(built.site, content, database, **NO_VOTE_LIMITS)
    yield running
    stop_server(running)


def count(database: Path) -> int:
    return int(rows(database, "SELECT count(*) FROM troubleshooter_steps")[0][0])


def kept(database: Path, visitor_of: str | None = None) -> list[tuple[str, str, str, str]]:
    found = rows(
        database,
        "SELECT troubleshooter, questions, ending, guide, visitor FROM troubleshooter_steps "
        "ORDER BY id",
    )
    return [
        (r["troubleshooter"], r["questions"], r["ending"], r["guide"])
        for r in found
        if visitor_of is None or r["visitor"] == visitor_of
    ]


def test_a_reader_s_steps_are_kept_once_a_day_under_the_daily_key(
    portal: Server, database: Path
) -> None:
    before = count(database)
    sent = [
        step(["start"]),
        step(["start"]),  # the page opened again: still one reader at the first question
        step(COMPUTER),
        step(COMPUTER, "guide", f"{SLOW}#{SLOW_SECTION}"),
        step(COMPUTER, "desk", f"/{SLOW}/"),  # "Still stuck?" on that guide
    ]
    replies = [send(portal, body, "steps-reader") for body in sent]
    assert [r.status for r in replies] == [204] * 5, [r.text for r in replies]
    assert all(r.body == b"" for r in replies)
    found = rows(database, "SELECT * FROM troubleshooter_steps ORDER BY id")[before:]
    assert [(r["questions"], r["ending"], r["guide"]) for r in found] == [
        ("start", "shown", ""),
        ("start.computer", "shown", ""),
        ("start.computer", "guide", f"{SLOW}#{SLOW_SECTION}"),
        ("start.computer", "desk", f"{SLOW}#{SLOW_SECTION}"),
    ]
    assert {r["troubleshooter"] for r in found} == {TREE}
    assert len({r["visitor"] for r in found}) == 1 and len(found[0]["visitor"]) == 48
    stored = " ".join(str(value) for r in found for value in tuple(r))
    assert "127.0.0.1" not in stored and "steps-reader" not in stored
    # Another browser is another reader.
    assert send(portal, step(["start"]), "another-reader").status == 204
    assert count(database) == before + 5


def test_answers_that_lead_to_the_desk_are_kept_as_the_desk(portal: Server, database: Path) -> None:
    before = count(database)
    for body in (
        step(PRINTER, "desk"),
        step(PRINTER, "guide", "help/contact-the-service-desk"),  # the same answer, sent so
        step(["start"], "desk", TREE),  # "Still stuck?" on the troubleshooter's own page
    ):
        assert send(portal, body, "desk-reader").status == 204
    assert kept(database)[before:] == [
        (TREE, "start.printer", "desk", ""),
        (TREE, "start", "desk", TREE),
    ]


def test_a_beacon_from_the_page_is_counted(portal: Server, database: Path) -> None:
    """The page sends a Blob of type application/json with navigator.sendBeacon: a POST with
    that type, no cookie and no reader header."""
    before = count(database)
    body = json.dumps(step(PRINTER, "guide", JAM)).encode("utf-8")
    request = urllib.request.Request(
        f"{portal.url}{STEPS}",
        data=body,
        headers={"Content-Type": "application/json", "User-Agent": "beacon-reader"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as reply:
        assert reply.status == 204
    assert kept(database)[before:] == [(TREE, "start.printer", "guide", JAM)]


JSON = "application/json"


def body(**fields: Any) -> str:
    return json.dumps({**step(COMPUTER), **fields})


BAD = [
    ("text/plain", json.dumps(step(["start"])), 415, "JSON"),
    (JSON, "{not json", 400, "not valid JSON"),
    (JSON, "NaN", 400, "not valid JSON"),
    (JSON, "[1]", 400, "one JSON object"),
    (JSON, json.dumps({**step(["start"]), "visitor": "me"}), 400, "visitor"),
    (JSON, json.dumps({"questions": ["start"]}), 400, '"troubleshooter"'),
    (JSON, body(troubleshooter=5), 400, '"troubleshooter"'),
    (JSON, body(troubleshooter="../../etc/passwd"), 400, "letters, digits"),
    (JSON, body(troubleshooter="t/" + "a" * 300), 400, "at most 200 characters"),
    (JSON, body(troubleshooter="troubleshoot/nowhere"), 400, "no troubleshooter"),
    (JSON, json.dumps({"troubleshooter": TREE}), 400, '"questions" must list'),
    (JSON, body(questions="start"), 400, '"questions" must list'),
    (JSON, body(questions=["start", "computer"] * 5), 400, "at most 8"),
    (JSON, body(questions=["start", "x" * 65]), 400, "up to 64 characters"),
    (JSON, body(questions=["start", "a.b"]), 400, "question ids"),
    (JSON, body(questions=["printer"]), 400, "first question"),
    (JSON, body(questions=["start", "nowhere"]), 400, 'no question "nowhere"'),
    (JSON, body(ending="maybe"), 400, '"ending" must be null, "guide" or "desk"'),
    (JSON, body(ending=1), 400, '"ending"'),
    (JSON, body(guide=SLOW), 400, "goes with an ending"),
    (JSON, body(ending="guide"), 400, '"guide"'),
    (JSON, body(ending="guide", guide=["x"]), 400, '"guide"'),
    (JSON, body(ending="guide", guide="c/" + "a" * 298 + "#x"), 400, "300 characters"),
    (JSON, body(ending="guide", guide=JAM), 400, "leads to that guide"),
    (JSON, body(ending="desk"), 400, "leads to the service desk"),
    (JSON, json.dumps({**step(["start"]), "pad": "x" * 5000}), 413, "too large"),
]  # fmt: skip


@pytest.mark.parametrize(("content_type", "sent", "status", "says"), BAD)
def test_bad_input_is_refused_plainly_and_nothing_is_stored(
    portal: Server, database: Path, content_type: str, sent: str, status: int, says: str
) -> None:
    before = count(database)
    assert_refused(f"{portal.url}{STEPS}", content_type, sent, status, says)
    assert count(database) == before


def test_get_and_options_are_refused_in_words(portal: Server) -> None:
    assert_post_only(f"{portal.url}{STEPS}")


def test_one_reader_and_one_address_are_limited(
    built: Built, content: Path, tmp_path: Path
) -> None:
    database = tmp_path / "limited.sqlite3"
    # Three steps a minute for a reader, ten an hour for an address (the factors of lessons).
    server = serve_content(
        built.site,
        content,
        database,
        KB_FEEDBACK_PER_MINUTE="1",
        KB_FEEDBACK_PER_ADDRESS_PER_HOUR="1",
    )
    try:
        eager = [
            send(server, body, "eager").status
            for body in (step(["start"]), step(COMPUTER), step(PRINTER), step(["start"], "desk"))
        ]
        assert eager == [204, 204, 204, 429]
        refused = send(server, step(["start"]), "eager")
        assert refused.status == 429 and int(refused.headers["Retry-After"]) >= 1
        assert "wait a minute" in json.loads(refused.body)["error"]
        # Everyone else at the address: seven more steps fill the hour's ten.
        others = [send(server, step(["start"]), f"other-{n}").status for n in range(8)]
        assert others == [204] * 7 + [429]
        office = send(server, step(["start"]), "other-last")
        assert office.status == 429 and "from your network" in json.loads(office.body)["error"]
        # Bad input is still refused for what it is, and uses no place.
        assert send(server, step(["nowhere"]), "other-last").status == 400
    finally:
        stop_server(server)
    assert count(database) == 10


def test_a_store_that_is_down_answers_503_and_the_site_keeps_working(
    built: Built, content: Path
) -> None:
    server = serve_without_store(built.site, content, built.var)
    try:
        reply = send(server, step(["start"]), "reader")
        assert reply.status == 503 and reply.headers["Retry-After"] == "60"
        message = json.loads(reply.body)["error"]
        assert "could not be saved" in message and "127.0.0.1" not in message
        # Bad input is still a plain 400, never a 5xx, while the store is down.
        assert send(server, step(["nowhere"]), "reader").status == 400
        assert http_get(f"{server.url}/").status == 200
    finally:
        stop_server(server)
