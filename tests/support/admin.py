"""The writers' dashboard with data, for the /admin tests over HTTP and in Chromium: two guides,
a store where 8 of 10 readers found the paper-jam guide helpful today, and one comment that is a
script; and people who visit it, each from a loopback address of their own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from portal.store.database import Store, Vote, utc_now
from tests.support.files import write
from tests.support.http_browser import Browser
from tests.support.kb import Built
from tests.support.servers import Server, start_server

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


def make_setup(root: Path) -> Setup:
    """Two guides; 8 of 10 found the paper-jam guide helpful today; one comment is a script."""
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


def serve_dashboard(built: Built, setup: Setup, var: Path, **env: str) -> Server:
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


# Every address of 127.0.0.0/8 is this machine: 127.0.x.y gives each test person its own.
_addresses = (f"127.0.{high}.{low}" for high in range(0, 256) for low in range(10, 250))


def person_on(server: Server) -> Browser:
    """A new person, from a loopback address (127.0.x.y) no other test uses."""
    return Browser(server.url, next(_addresses))


def logged_in(server: Server) -> Browser:
    """A new person, logged in to the dashboard with PASSWORD."""
    person = person_on(server)
    page = person.log_in(PASSWORD)
    assert page.status == 303, page.text
    assert page.headers["Location"].endswith("/admin")
    return person


def inside_frame(html: str) -> str:
    """What the portal put inside the site's frame (the frame's navigation lists every guide)."""
    return html.split("<!-- kb:content -->")[1].split("<!-- /kb:content -->")[0]
