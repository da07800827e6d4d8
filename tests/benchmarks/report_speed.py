"""`make bench` (report): how long `kb report` takes on a busy help center's store.

Simulates months of traffic: searches drawn from the held-out queries (with the results the
real engine gives), clicks on a top result for most of them, and votes with reasons and
comments. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from portal.guides.articles import load_content
from portal.guides.vocabulary import REASON_LABELS
from portal.report.data import build_report
from portal.store.database import Store, new_token, to_hour
from portal.store.schema import clicks, feedback, searches
from search import Engine, build_index, current_index
from tests.benchmarks.evaluation import load_queries

ROOT = Path(__file__).resolve().parents[2]


def simulate(
    store: Store,
    engine: Engine,
    guides: list[str],
    count: int,
    days: int,
    now: dt.datetime = dt.datetime(2026, 11, 22, 12),
) -> None:
    """`count` searches over `days` days, a click for 70 % of them, a vote per 10 searches."""
    rng = random.Random(11)
    queries = [q for q, _ in load_queries(ROOT / "tests/data/held-out-queries.tsv")]
    queries += ["adobe reader", "expenses claim", "parking permit", "canteen menu"]  # gaps
    answers = {q: [hit.path for hit in engine.search(q, limit=5).results] for q in queries}
    search_rows, click_rows, vote_rows = [], [], []
    for number in range(count):
        query = rng.choice(queries)
        moment = now - dt.timedelta(minutes=rng.randrange(days * 24 * 60))
        found = answers[query]
        search_rows.append(
            {
                "id": number + 1,
                "token": new_token(),
                "query": query,
                "results": len(found),
                "source": rng.choice(["site", "site", "page", "api"]),
                "hour": to_hour(moment),
            }
        )
        if found and rng.random() < 0.7:
            position = 1 if rng.random() < 0.7 else rng.randint(1, len(found))
            click_rows.append(
                {
                    "search_id": number + 1,
                    "position": position,
                    "guide": found[position - 1],
                    "hour": to_hour(moment),
                }
            )
        if number % 10 == 0:
            guide = found[0] if found else rng.choice(guides)
            helpful = rng.random() < 0.75
            vote_rows.append(
                {
                    "guide": guide,
                    "visitor": f"visitor-{number}",
                    "day": moment.date(),
                    "helpful": helpful,
                    "reason": None if helpful else rng.choice(list(REASON_LABELS)),
                    "comment": None if rng.random() < 0.8 else f"Comment {number}: it changed.",
                    "created": moment.replace(second=0, microsecond=0),
                }
            )
    with store.begin() as connection:
        for table, rows in ((searches, search_rows), (clicks, click_rows), (feedback, vote_rows)):
            for start in range(0, len(rows), 5000):
                connection.execute(insert(table), rows[start : start + 5000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--searches", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=90)
    args = parser.parse_args()
    content = load_content(ROOT / "content")
    with tempfile.TemporaryDirectory() as scratch:
        var = Path(scratch)
        build_index(content, var)
        engine = Engine(current_index(var))  # type: ignore[arg-type]
        store = Store(f"sqlite:///{var}/report.sqlite3")
        store.migrate()
        started = time.perf_counter()
        simulate(store, engine, [g.path for g in content.guides], args.searches, args.days)
        print(
            f"simulated {args.searches:,} searches over {args.days} days "
            f"in {time.perf_counter() - started:.1f} s"
        )
        for days in (7, 30, 90):
            started = time.perf_counter()
            report = build_report(store, content, days=days, today=dt.date(2026, 11, 22))
            seconds = time.perf_counter() - started
            print(
                f"report over {days:>2} days: {seconds * 1000:,.0f} ms "
                f"({report.totals['searches']:,} searches, {report.totals['votes']:,} votes)"
            )
        store.dispose()


if __name__ == "__main__":
    main()
