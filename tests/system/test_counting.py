"""Counting that cannot be gamed, over real HTTP: one address cannot vote without end by changing
its browser's name, answers sent at the same moment cannot slip past a limit, and a whole office
behind one address can still vote."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.http import http_get, http_post
from tests.support.kb import Built
from tests.support.servers import Server, start_server, stop_server

GUIDES = [
    "printing/printer-not-printing",
    "accounts/unlock-locked-account",
    "accounts/reset-forgotten-password",
    "computer/computer-running-slow",
]


def vote(server: Server, headers: dict[str, str], guide: str = GUIDES[0], **extra: object) -> int:
    body = {"page": guide, "helpful": False, **extra}
    return http_post(f"{server.url}/api/feedback", body, headers).status


def stored(database: Path, sql: str = "SELECT count(*) FROM feedback") -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute(sql).fetchone()[0])


@pytest.fixture
def portal(built: Built, tmp_path: Path) -> Iterator[Callable[..., tuple[Server, Path]]]:
    """Start a portal with its own SQLite file and the given settings (stopped afterwards)."""
    started: list[Server] = []

    def start(**env: str) -> tuple[Server, Path]:
        database = tmp_path / f"store-{len(started)}.sqlite3"
        server = start_server(
            built.site, {"KB_DATABASE_URL": f"sqlite:///{database}", **env}, var_dir=built.var
        )
        started.append(server)
        return server, database

    yield start
    for server in started:
        stop_server(server)


def browser_names(rng: random.Random, count: int) -> list[dict[str, str]]:
    """Ways one sender can look like many: new browser names, reader names, or both."""
    found = []
    for number in range(count):
        style = rng.choice(["agent", "reader", "both", "case"])
        headers = {"User-Agent": f"Mozilla/5.0 (bot {number}; {rng.random()})"}
        if style in ("reader", "both"):
            headers["X-Plainhelp-Reader"] = f"{rng.getrandbits(96):024x}"
        if style == "reader":
            headers["User-Agent"] = "Mozilla/5.0 same"
        if style == "case":
            headers = {"user-agent": f"agent {number}", "x-plainhelp-reader": "x" * (8 + number)}
        found.append(headers)
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_one_address_cannot_vote_without_end_by_changing_its_browser(
    portal: Callable[..., tuple[Server, Path]], seed: int
) -> None:
    server, database = portal(KB_FEEDBACK_PER_ADDRESS_PER_HOUR="12")
    rng = random.Random(seed)
    statuses = [vote(server, headers) for headers in browser_names(rng, 40)]
    assert statuses.count(201) == 12 and set(statuses) == {201, 429}
    assert stored(database) == 12
    refused = http_post(
        f"{server.url}/api/feedback",
        {"page": GUIDES[0], "helpful": False},
        {"User-Agent": "one more new name"},
    )
    assert refused.status == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "your network" in refused.text
    # Clicks and the searches counted for the report are bounded by the same address, too.
    for number in range(60):
        answer = http_get(
            f"{server.url}/api/search?q=printer+{number}+{rng.random()}",
            {"User-Agent": f"searcher {number}"},
        )
        assert answer.status == 200  # every search is answered; only its counting stops
    assert stored(database, "SELECT count(*) FROM searches") <= 12 * 10


def test_the_default_lets_an_office_with_identical_browsers_vote(
    portal: Callable[..., tuple[Server, Path]],
) -> None:
    """Forty people behind one address, one browser build, each with the widget's own name:
    a vote, then the reason and comment, as the widget sends them."""
    server, database = portal()
    same_browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/131.0 (managed)"
    for person in range(40):
        headers = {"User-Agent": same_browser, "X-Plainhelp-Reader": f"person-{person:04d}"}
        guide = GUIDES[person % len(GUIDES)]
        assert vote(server, headers, guide) == 201, f"person {person} was refused"
        follow_up = {"reason": "steps-did-not-work", "comment": f"reader {person}"}
        assert vote(server, headers, guide, **follow_up) == 201, f"person {person} was refused"
    assert stored(database) == 40  # each person's second answer replaced their first


def _at_once(count: int, send: Callable[[int], int]) -> list[int]:
    """Send `count` answers from as many threads, released together."""
    gate = threading.Barrier(count)
    answers = [0] * count

    def run(number: int) -> None:
        gate.wait()
        answers[number] = send(number)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.parametrize(
    ("limits", "same_reader"),
    [
        ({"KB_FEEDBACK_PER_MINUTE": "10"}, True),
        ({"KB_FEEDBACK_PER_MINUTE": "3"}, True),
        ({"KB_FEEDBACK_PER_ADDRESS_PER_HOUR": "10"}, False),
        ({"KB_FEEDBACK_PER_ADDRESS_PER_HOUR": "7"}, False),
    ],
)
def test_answers_sent_at_the_same_moment_do_not_slip_past_a_limit(
    portal: Callable[..., tuple[Server, Path]], limits: dict[str, str], same_reader: bool
) -> None:
    server, database = portal(KB_THREADS="16", **limits)
    limit = int(next(iter(limits.values())))

    def send(number: int) -> int:
        agent = "one reader" if same_reader else f"reader {number}"
        return vote(server, {"User-Agent": agent}, GUIDES[number % len(GUIDES)])

    answers = _at_once(40, send)
    assert answers.count(201) == limit, answers
    assert set(answers) == {201, 429}
    # Votes on one guide from one reader replace each other; otherwise each is a row.
    accepted = [n for n, status in enumerate(answers) if status == 201]
    guides = {GUIDES[n % len(GUIDES)] for n in accepted}
    assert stored(database) == (len(guides) if same_reader else limit)


def test_several_workers_share_one_limit_in_redis(
    portal: Callable[..., tuple[Server, Path]], redis_server
) -> None:
    server, database = portal(
        KB_WORKERS="2",
        KB_THREADS="8",
        KB_RATELIMIT_STORAGE=redis_server.url,
        KB_FEEDBACK_PER_ADDRESS_PER_HOUR="9",
    )
    answers = _at_once(30, lambda n: vote(server, {"User-Agent": f"reader {n}"}, GUIDES[n % 4]))
    assert answers.count(201) == 9, answers
    assert stored(database) == 9


def test_a_search_opened_from_the_dashboard_is_not_a_readers_search(portal) -> None:
    """Desk staff opening a listed search from /admin would otherwise count it again, and a
    search that found nothing would climb the list each time someone looked at it."""
    server, database = portal()
    assert http_get(f"{server.url}/search?q=zqxv+frobnicator&from=dashboard").status == 200
    assert http_get(f"{server.url}/search?q=printer+offline&from=dashboard").status == 200
    # The same page without the marker is a reader's search, counted as before (the row is
    # written once the answer is sent, so wait for it).
    assert http_get(f"{server.url}/search?q=paper+jam").status == 200
    deadline = time.monotonic() + 10
    while not stored(database, "SELECT count(*) FROM searches") and time.monotonic() < deadline:
        time.sleep(0.1)
    with sqlite3.connect(database) as connection:
        queries = [row[0] for row in connection.execute("SELECT query FROM searches")]
    assert queries == ["paper jam"]
