"""`make load`: the real portal under many readers at once, then without think time.

Builds the real content into a temporary folder, starts `kb serve --workers N` in a child
process on a SQLite file or a throwaway PostgreSQL, and runs readers (`load_people.py`) for
a while: pages, assets, suggestions as they type, searches, the search page and votes. Prints
a table per phase and whether the target held, then checks that every vote the portal answered
2xx is in the store. Exits 1 only when an answered vote is missing; figures are printed, never
asserted.

    python -m tests.benchmarks.load [--workers 2] [--clients 50] [--seconds 60]
        [--saturation-seconds 20] [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from portal.guides.articles import load_content
from portal.readers.identity import visitor_for
from portal.store.database import Store
from portal.store.schema import feedback, salts
from tests.benchmarks.evaluation import load_queries
from tests.benchmarks.load_people import ENDPOINTS, Material, Reader, Sample, Votes
from tests.benchmarks.search_speed import percentiles
from tests.support.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
THINK_SECONDS = (0.2, 1.0)
TARGET_SEARCH_P99_MS = 25.0
FEEDBACK_PER_MINUTE = 10  # the portal's default, set explicitly so the readers know it
console = Console(highlight=False)


@dataclass
class Phase:
    name: str
    samples: list[Sample]
    seconds: float
    cpu_share: float  # of one core, used by this load generator
    connections: int  # TCP connections the readers opened
    load: tuple[float, float]  # the machine's 1-minute load average before and after

    def of(self, endpoint: str | None = None) -> list[Sample]:
        return [s for s in self.samples if endpoint is None or s.endpoint == endpoint]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="kb serve --workers (default 2)")
    parser.add_argument("--clients", type=int, default=50, help="readers at once (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="with think time (default 60)")
    parser.add_argument(
        "--saturation-seconds", type=float, default=20, help="without think time (default 20)"
    )
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--seed", type=int, default=7, help="for the readers' choices")
    return parser.parse_args()


def build(root: Path) -> tuple[Path, Path]:
    """The real content, built the way `make run` does, into a folder of its own."""
    site, var = root / "site", root / "var"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_VAR_DIR": str(var)}
    with console.status("Building the site and the search index…"):
        result = subprocess.run(
            [sys.executable, "-m", "portal.cli", "build", "--site", str(site)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
    if result.returncode != 0:
        console.print(result.stdout + result.stderr, markup=False)
        raise SystemExit("The site did not build, so there is nothing to load.")
    return site, var


def material(site: Path) -> Material:
    """Guide pages from the built site, its fingerprinted CSS and JS, the held-out queries."""
    guides = [g.path for g in load_content(ROOT / "content").guides]
    guides = [g for g in guides if (site / g / "index.html").is_file()]
    assets = sorted(site.glob("assets/stylesheets/main.*.min.css"))
    assets += sorted(site.glob("assets/javascripts/bundle.*.min.js"))
    queries = [q for q, _ in load_queries(ROOT / "tests/data/held-out-queries.tsv")]
    return Material(
        pages=["/", *(f"/{g}/" for g in guides)],
        guides=guides,
        assets=[f"/{a.relative_to(site).as_posix()}" for a in assets],
        queries=queries,
    )


@contextlib.contextmanager
def database(kind: str, var: Path) -> Iterator[str]:
    """A fresh store: a SQLite file, or a database on a throwaway PostgreSQL server."""
    if kind == "sqlite":
        yield f"sqlite:///{var / 'plainhelp.sqlite3'}"
        return
    from tests.support.postgres import start_postgres

    try:
        server = start_postgres()
    except BaseException as error:  # pytest.skip raises a BaseException
        raise SystemExit(f"PostgreSQL could not be started: {error}") from None
    try:
        yield server.create_database()
    finally:
        server.stop()


@contextlib.contextmanager
def portal(site: Path, var: Path, url: str, workers: int, log: Path) -> Iterator[int]:
    """`kb serve --workers N` in a child process, until it answers /healthz with "ok"."""
    port = free_port()
    env = {
        **os.environ,
        "KB_SITE_DIR": str(site),
        "KB_VAR_DIR": str(var),
        "KB_HOST": "127.0.0.1",
        "KB_PORT": str(port),
        "KB_DATABASE_URL": url,
        "KB_FEEDBACK_PER_MINUTE": str(FEEDBACK_PER_MINUTE),
        # Every simulated reader shares the loopback address; real readers have their own.
        "KB_FEEDBACK_PER_ADDRESS_PER_HOUR": "1000000",
    }
    command = [sys.executable, "-m", "portal.cli", "serve", "--workers", str(workers)]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise SystemExit(f"kb serve stopped at start:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    if json.load(r)["status"] == "ok":
                        break
            except (OSError, ValueError, KeyError):
                pass
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"kb serve was not healthy within 60 s:\n{log.read_text()[-3000:]}"
                )
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


async def run_phase(
    name: str, readers: list[Reader], seconds: float, think: tuple[float, float] | None
) -> Phase:
    samples: list[Sample] = []
    opened = sum(reader.connections for reader in readers)
    load_before = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    until = time.monotonic() + seconds
    await asyncio.gather(*(reader.run(until, think, samples) for reader in readers))
    wall = time.perf_counter() - started
    connections = sum(reader.connections for reader in readers) - opened
    load = (load_before, os.getloadavg()[0])
    return Phase(name, samples, wall, (time.process_time() - cpu) / wall, connections, load)


def errors_text(samples: list[Sample]) -> str:
    kinds = Counter(s.error for s in samples if s.error)
    if not kinds:
        return "0"
    return ", ".join(f"{count:,} x {kind}" for kind, count in kinds.most_common())


def latency(samples: list[Sample]) -> tuple[float, float, float] | None:
    """p50/p95/p99 of the requests that got an HTTP answer (failed transfers have no latency)."""
    answered = [s.ms for s in samples if s.error is None or s.error.isdigit()]
    return percentiles(answered) if answered else None


def table(phase: Phase) -> Table:
    result = Table(title=phase.name, title_justify="left")
    result.add_column("endpoint")
    for column in ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms"):
        result.add_column(column, justify="right")
    result.add_column("errors")
    for endpoint in [*ENDPOINTS, None]:
        samples = phase.of(endpoint)
        if not samples:
            continue
        figures = latency(samples)
        times = [f"{v:.1f}" for v in figures] if figures else ["-"] * 3
        result.add_row(
            endpoint or "total",
            f"{len(samples):,}",
            f"{len(samples) / phase.seconds:,.1f}",
            *times,
            errors_text(samples),
            style="bold" if endpoint is None else None,
        )
    return result


def against_target(phase: Phase) -> tuple[bool, str]:
    """The target: no errors, and searches answered within 25 ms at the 99th percentile."""
    errors = sum(1 for s in phase.samples if s.error)
    figures = latency(phase.of("/api/search"))
    p99 = figures[2] if figures else float("inf")
    met = errors == 0 and p99 <= TARGET_SEARCH_P99_MS
    return met, (
        f"{errors:,} errors (target 0), /api/search p99 {p99:.1f} ms "
        f"(target ≤ {TARGET_SEARCH_P99_MS:.0f} ms)"
    )


def server_timings(port: int) -> dict[str, tuple[float, float]]:
    """Per route, from /metrics: (answers built within the target time, all answers)."""
    from prometheus_client.parser import text_string_to_metric_families

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        text = response.read().decode("utf-8")
    within: dict[str, float] = {}
    total: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        if family.name != "plainhelp_http_request_duration_seconds":
            continue
        for sample in family.samples:
            endpoint = sample.labels.get("endpoint", "")
            if sample.name.endswith("_count"):
                total[endpoint] = total.get(endpoint, 0) + sample.value
            elif sample.name.endswith("_bucket") and float(sample.labels["le"]) == 0.025:
                within[endpoint] = within.get(endpoint, 0) + sample.value
    return {name: (within.get(name, 0), count) for name, count in total.items()}


def server_side(
    before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]]
) -> str:
    """The portal's own view of search times, to set beside what the readers measured."""
    name = "search.api_search"
    within = after.get(name, (0, 0))[0] - before.get(name, (0, 0))[0]
    count = after.get(name, (0, 0))[1] - before.get(name, (0, 0))[1]
    if not count:
        return "the portal's /metrics counted no searches"
    return (
        f"by its own /metrics, the portal took at most {TARGET_SEARCH_P99_MS:.0f} ms for "
        f"{within / count:.1%} of {count:,.0f} /api/search answers (time in its queue and on "
        "the network not included)"
    )


def check_votes(url: str, votes: Votes) -> bool:
    """Every answer the portal acknowledged is a row in the store, with the reader's last choice."""
    store = Store(url)
    try:
        with store.begin() as connection:
            rows = connection.execute(
                select(feedback.c.visitor, feedback.c.guide, feedback.c.day, feedback.c.helpful)
            ).all()
            secrets = dict(connection.execute(select(salts.c.day, salts.c.secret)).all())
    finally:
        store.dispose()
    stored = {(r.visitor, r.guide, r.day): r.helpful for r in rows}
    missing = wrong = unchecked = 0
    for (user_agent, guide, day), helpful in votes.last.items():
        if day not in secrets:  # the run crossed midnight (UTC): yesterday's secret is gone
            unchecked += 1
            continue
        key = visitor_for(bytes.fromhex(secrets[day]), "127.0.0.1", user_agent).key
        found = stored.get((key, guide, day))
        missing += found is None
        wrong += found is not None and found != helpful
    ok = missing == 0 and wrong == 0
    console.print(
        f"[{'green' if ok else 'red'}]Votes[/]: {votes.answered:,} answered 2xx, "
        f"{len(votes.last):,} distinct (visitor, guide, day) answers (a later answer replaces "
        f"the earlier one); the store has {len(rows):,} rows: {missing:,} missing, "
        f"{wrong:,} with another answer than the last one acknowledged"
        + (f", {unchecked:,} not checkable (after midnight UTC)" if unchecked else "")
        + "."
    )
    return ok


async def warm_up(port: int, stuff: Material) -> None:
    """A few requests first, as a running server has had: workers open the index lazily."""
    from tests.benchmarks.load_client import Connection

    connection = Connection("127.0.0.1", port, "plainhelp-load/warm-up")
    paths = [*stuff.pages[:5], *stuff.assets]
    paths += [f"/api/search?q={q.replace(' ', '+')}" for q in stuff.queries[:10]]
    for path in paths * 4:
        await connection.request("GET", path)
    await connection.close()


def main() -> None:
    args = arguments()
    server_kind = "gunicorn" if args.workers > 1 else "waitress"
    with tempfile.TemporaryDirectory(prefix="kb-load-") as scratch:
        root = Path(scratch)
        site, var = build(root)
        stuff = material(site)
        with database(args.database, var) as url:
            console.print(
                f"kb serve --workers {args.workers} ({server_kind}), {args.database} store, "
                f"rate limits in {os.environ.get('KB_RATELIMIT_STORAGE', 'memory://')}; "
                f"{args.clients} readers, each a visitor of its own: {args.seconds:.0f} s with "
                f"{THINK_SECONDS[0]}-{THINK_SECONDS[1]} s think time, then "
                f"{args.saturation_seconds:.0f} s without. {os.cpu_count()} CPU cores, shared by "
                "the portal and this load generator."
            )
            log = root / "serve.log"
            with portal(site, var, url, args.workers, log) as port:
                asyncio.run(warm_up(port, stuff))
                votes = Votes()
                rng = random.Random(args.seed)
                readers = [
                    Reader(n, "127.0.0.1", port, stuff, FEEDBACK_PER_MINUTE, votes, rng)
                    for n in range(1, args.clients + 1)
                ]
                timings = [server_timings(port)]
                people = asyncio.run(
                    run_phase("With think time", readers, args.seconds, THINK_SECONDS)
                )
                timings.append(server_timings(port))
                flat_out = asyncio.run(
                    run_phase("Saturation: no think time", readers, args.saturation_seconds, None)
                )
                timings.append(server_timings(port))
            for number, phase in enumerate((people, flat_out)):
                console.print()
                console.print(table(phase))
                console.print(
                    f"{len(phase.samples) / phase.seconds:,.1f} requests/s over "
                    f"{phase.seconds:.1f} s on {phase.connections:,} keep-alive connections; "
                    f"the load generator used {phase.cpu_share:.0%} of one core; the "
                    f"machine's load average went from {phase.load[0]:.1f} to "
                    f"{phase.load[1]:.1f} (anything else running counts too); "
                    f"{server_side(timings[number], timings[number + 1])}."
                )
            met, figures = against_target(people)
            colour, word = ("green", "met") if met else ("red", "missed")
            console.print(f"[{colour}]Target {word}[/] with think time: {figures}.")
            console.print(
                f"Under saturation (not part of the target): {against_target(flat_out)[1]}."
            )
            server_log = log.read_text(errors="replace")
            tracebacks = server_log.count("Traceback")
            console.print(f"Server log: {tracebacks} stack trace(s).")
            if tracebacks:
                console.print(server_log[-3000:], markup=False)
            complete = check_votes(url, votes)
    raise SystemExit(0 if complete else 1)


if __name__ == "__main__":
    main()
