"""A troubleshooter in a throwaway content folder, and readers going through it over real HTTP,
for the tests of counting paths (tests/*/test_*paths*.py): every figure the report tests check
is worked out by hand in TRAFFIC's comments."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.support.files import troubleshooter_as, write
from tests.support.http import Reply, http_post
from tests.support.report import guide
from tests.support.servers import NO_VOTE_LIMITS, Server, serve_content, stop_server

TREE = "troubleshoot/something-stopped-working"
QUIET_TREE = "troubleshoot/something-is-gone"
STEPS = "/api/troubleshooters/steps"
SLOW = "computer/computer-running-slow"
SLOW_SECTION = "close-programs-you-are-not-using"
OFF = "computer/computer-wont-turn-on"
NOTHING_OUT = "printing/printer-not-printing"
JAM = "printing/clear-paper-jam"
DESK = "help/contact-the-service-desk"

TROUBLESHOOTER = troubleshooter_as(
    "Something stopped working",
    """\
## What stopped working? {#start}

- [My computer or laptop](#computer)
- [The printer](#printer)
- [Something else](../help/contact-the-service-desk.md)

## What is your computer doing? {#computer}

- [It will not turn on](../computer/computer-wont-turn-on.md)
- [It is very slow](../computer/computer-running-slow.md#close-programs-you-are-not-using)

## What is the printer doing? {#printer}

A printer shows what is wrong on its own small screen.

- [Nothing comes out](../printing/printer-not-printing.md)
- [The paper is stuck](../printing/clear-paper-jam.md)
- [Something else](../help/contact-the-service-desk.md)
""",
    tag="broken",
    reviewed="2026-12-01",
)

QUIET = troubleshooter_as(
    "Something is gone",
    """\
## What has gone? {#start}

- [An email](../printing/clear-paper-jam.md)
- [Something else](../help/contact-the-service-desk.md)
""",
    description="Answer a short question and we will find the guide that helps you get it back.",
    intro="",
    tag="missing",
    phrase="it has gone",
    reviewed="2026-12-01",
)

GUIDES = {
    SLOW: "Speed up a slow computer",
    OFF: "Start a computer that will not turn on",
    NOTHING_OUT: "Fix a printer that will not print",
    JAM: "Clear a paper jam",
    DESK: "Contact the service desk",
}


def write_content(root: Path, troubleshooter: str = TROUBLESHOOTER) -> Path:
    """A home page, five guides and two troubleshooters (one nobody opens in the tests)."""
    write(root, "index.md", "# Help\n\nWelcome.\n")
    reviewed = dt.date(2026, 12, 1)
    for path, title in GUIDES.items():
        write(root, f"{path}.md", guide(title, [title.lower()], reviewed))
    write(root, f"{TREE}.md", troubleshooter)
    write(root, f"{QUIET_TREE}.md", QUIET)
    return root


def step(
    questions: list[str], ending: str | None = None, guide: str | None = None, tree: str = TREE
) -> dict[str, Any]:
    return {"troubleshooter": tree, "questions": questions, "ending": ending, "guide": guide}


def send(server: Server, body: Any, reader: str, **headers: str) -> Reply:
    """One step as the page sends it, from the reader's browser (its User-Agent)."""
    return http_post(f"{server.url}{STEPS}", body, {"User-Agent": reader, **headers})


COMPUTER = ["start", "computer"]
PRINTER = ["start", "printer"]

# Sixteen readers, each a browser of their own, in the order the page sends their steps:
#   1-4 computer > "It is very slow" (the guide); 1 and 2 then use "Still stuck?" on it;
#       4 first opened the printer question and went Back (so 4 stopped at the printer too);
#       1 reloaded the first question (still one reader);
#   5   computer, and stops there;       6    computer > "It will not turn on";
#   7-9 printer, and stop there;         10   printer > "The paper is stuck";
#   11-12 printer > "Something else" (the desk);  13-14 "Something else" at the start (the desk);
#   15  stops at the start and uses "Still stuck?" on the troubleshooter's page;
#   16  stops at the start (after opening it twice).
# So: 16 started; the start 16 reached, 14 went on, 2 stopped, 1 asked there; the computer
# question 6 reached, 5 went on, 1 stopped; the printer question 7 reached, 3 went on, 4 stopped;
# "It is very slow" 4 readers, 2 asked for a person after; the desk from the printer 2 and from
# the start 2; 7 asked for a person in all (1, 2, 11, 12, 13, 14, 15).
TRAFFIC: list[tuple[int, dict[str, Any]]] = [
    *[
        (n, body)
        for n in (1, 2, 3, 4)
        for body in (
            step(["start"]),
            *([step(["start"])] if n == 1 else []),
            *([step(PRINTER)] if n == 4 else []),
            step(COMPUTER),
            step(COMPUTER, "guide", f"{SLOW}#{SLOW_SECTION}"),
            *([step(COMPUTER, "desk", SLOW)] if n in (1, 2) else []),
        )
    ],
    (5, step(["start"])),
    (5, step(COMPUTER)),
    (6, step(["start"])),
    (6, step(COMPUTER)),
    (6, step(COMPUTER, "guide", OFF)),
    *[(n, body) for n in (7, 8, 9) for body in (step(["start"]), step(PRINTER))],
    (10, step(["start"])),
    (10, step(PRINTER)),
    (10, step(PRINTER, "guide", JAM)),
    *[
        (n, body)
        for n in (11, 12)
        for body in (step(["start"]), step(PRINTER), step(PRINTER, "desk"))
    ],
    *[(n, body) for n in (13, 14) for body in (step(["start"]), step(["start"], "desk"))],
    (15, step(["start"])),
    (15, step(["start"], "desk", TREE)),
    (16, step(["start"])),
    (16, step(["start"])),
]


def send_traffic(server: Server) -> None:
    """Every step of TRAFFIC, each answered 204."""
    for reader, body in TRAFFIC:
        reply = send(server, body, f"reader-{reader}")
        assert reply.status == 204, (reader, body, reply.status, reply.text)


@contextlib.contextmanager
def travelled_portal(site_dir: Path, root: Path, password: str) -> Iterator[Server]:
    """A portal for write_content's folder under `root`, with the dashboard on (`password`),
    after TRAFFIC's sixteen readers went through the troubleshooter."""
    server = serve_content(
        site_dir,
        write_content(root / "content"),
        root / "store.sqlite3",
        KB_ADMIN_PASSWORD=password,
        **NO_VOTE_LIMITS,
    )
    try:
        send_traffic(server)
        yield server
    finally:
        stop_server(server)
