"""`make bench` (feedback loop): what counting searches and storing answers costs.

Measured over HTTP on the real WSGI server, with the store on a SQLite file and on a real
PostgreSQL server (started here when its programs are installed). Printed, never asserted.
"""

from __future__ import annotations

import json
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rich.console import Console
from rich.table import Table

from portal.guides.articles import load_content
from search import build_index
from tests.benchmarks.evaluation import load_queries
from tests.benchmarks.portal_process import serving
from tests.benchmarks.search_speed import percentiles
from tests.support.servers import NO_VOTE_LIMITS

ROOT = Path(__file__).resolve().parents[2]
VOTES = 600
THREADS = 4


def searches(base: str, queries: list[str]) -> list[float]:
    def one(query: str) -> float:
        started = time.perf_counter()
        url = f"{base}/api/search?q={urllib.parse.quote(query)}"
        urllib.request.urlopen(url, timeout=10).read()
        return (time.perf_counter() - started) * 1000

    for query in queries:  # warm-up pass, as a running server has had
        one(query)
    return [one(query) for query in queries]


def votes(base: str, guides: list[str]) -> tuple[list[float], float]:
    def one(number: int) -> float:
        body = json.dumps(
            {
                "page": guides[number % len(guides)],
                "helpful": number % 3 != 0,
                "comment": f"Answer {number}: call me on 0770090{number:04d}"
                if number % 5
                else None,
            }
        ).encode()
        request = urllib.request.Request(
            f"{base}/api/feedback",
            data=body,
            headers={"Content-Type": "application/json", "User-Agent": f"bench-{number}"},
            method="POST",
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 201
        return (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        samples = list(pool.map(one, range(VOTES)))
    return samples, VOTES / (time.perf_counter() - started)


def main() -> None:
    console = Console()
    content = load_content(ROOT / "content")
    guides = [guide.path for guide in content.guides]
    queries = [query for query, _ in load_queries(ROOT / "tests/data/held-out-queries.tsv")]
    stores: list[tuple[str, str]] = []
    postgres = None
    with tempfile.TemporaryDirectory() as scratch:
        var = Path(scratch)
        build_index(content, var)
        stores.append(("SQLite file", f"sqlite:///{var}/bench.sqlite3"))
        try:
            from tests.support.postgres import start_postgres

            postgres = start_postgres()
            stores.append(("PostgreSQL", postgres.create_database()))
        except BaseException as error:  # pytest.skip raises a BaseException
            console.print(f"PostgreSQL not measured: {error}")
        table = Table(title="Feedback loop over HTTP (milliseconds p50 / p95 / p99)")
        for column in ("store", "search, counted", "vote, 4 threads", "votes per second"):
            table.add_column(column)
        try:
            # The baseline: a database that cannot be reached, so nothing is counted.
            with serving(var, {"KB_DATABASE_URL": "postgresql://kb:kb@127.0.0.1:9/none"}) as base:
                uncounted = percentiles(searches(base, queries))
            table.add_row("none (not counted)", " / ".join(f"{v:.1f}" for v in uncounted), "-", "-")
            for name, url in stores:
                env = {
                    "KB_DATABASE_URL": url,
                    **NO_VOTE_LIMITS,
                }
                with serving(var, env) as base:
                    search_ms = percentiles(searches(base, queries))
                    vote_ms, rate = votes(base, guides)
                table.add_row(
                    name,
                    " / ".join(f"{v:.1f}" for v in search_ms),
                    " / ".join(f"{v:.1f}" for v in percentiles(vote_ms)),
                    f"{rate:.0f}",
                )
        finally:
            if postgres is not None:
                postgres.stop()
    console.print(table)
    console.print(
        f"{len(queries)} held-out queries, each logged as a search; {VOTES} answers from "
        f"{VOTES} visitors, {THREADS} at a time, every fifth without a comment."
    )


if __name__ == "__main__":
    main()
