"""`kb report --format csv` end to end: a reader's comment and search that start like a
spreadsheet formula come out as text (a leading apostrophe), on the tester's own input."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from portal.store.database import Store, utc_now
from tests.support.kb import run_kb
from tests.support.report import WEBSITES, WEBSITES_PHRASES, at, make_content, search, vote

PAYLOADS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1", " =1", "\uff1d1+1"]


def test_formulas_from_readers_come_out_as_text(tmp_path: Path) -> None:
    today = utc_now().date()
    url = f"sqlite:///{tmp_path}/kb.sqlite3"
    store = Store(url)
    store.migrate()
    for n, payload in enumerate(PAYLOADS):
        vote(store, WEBSITES, n, today, False, reason="steps-did-not-work", comment=payload)
        search(store, payload, 0, at(today, 9, n), None)
        search(store, payload, 0, at(today, 10, n), None)
    store.dispose()
    content = make_content(tmp_path / "content", WEBSITES_PHRASES, reviewed=today)
    env = {"KB_DATABASE_URL": url, "KB_CONTENT_DIR": str(content)}
    result = run_kb("report", "--format", "csv", env=env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    comments = [row["text"] for row in rows if row["section"] == "comment"]
    assert len(comments) >= 5  # the latest comments of the guide
    assert set(comments) <= {"'" + payload for payload in PAYLOADS}
    queries = {row["query"] for row in rows if row["section"] == "zero_results"}
    assert queries and all(query.startswith("'") for query in queries)
