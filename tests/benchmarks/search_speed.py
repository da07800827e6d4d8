"""`make bench` (search): Plainhelp against tantivy's raw BM25 on the same synthetic guides.

At each size (5,000 and 20,000 guides by default), in one run: the `kb index`-equivalent build
(load the folder, build the index) against tantivy's own build of the same files, the index size
on disk, and in-process latency with each query asked once, against tantivy over the same
queries. At the largest size, HTTP latency on the real server with 50 concurrent clients. The
issue's targets are printed beside the figures, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.table import Table

from portal.guides.articles import load_content
from search import Engine, build_index, current_index, guide_record
from tests.benchmarks.baselines import read_pages, tantivy_bm25_ranker
from tests.benchmarks.evaluation import Ranker, load_queries
from tests.benchmarks.portal_process import serving

ROOT = Path(__file__).resolve().parents[2]
WARM_UP = 30  # queries made of guide titles, asked before timing: not the measured ones
TARGET_LATENCY_RATIO = 5.0
TARGET_BUILD_RATIO = 15.0
TARGET_INDEX_MB_AT_20K = 60.0
TARGET_HTTP_P99_MS = 25.0


def generate(real: Path, target: Path, count: int, seed: int = 7) -> None:
    """Write `count` synthetic guides built from the real guides' parts."""
    guides = [guide_record(a) for a in load_content(real).guides]
    rng = random.Random(seed)
    sections = [(s.heading, s.text) for g in guides for s in g.sections if s.heading and s.text]
    phrases = [p for g in guides for p in g.phrases]
    words = sorted({w for g in guides for w in re.findall(r"[A-Za-z]{4,}", g.body)})
    target.mkdir(parents=True, exist_ok=True)
    (target / "index.md").write_text("# Help\n\nSynthetic help center.\n", encoding="utf-8")
    for number in range(count):
        base = rng.choice(guides)
        section = f"area-{number % 40}"
        title = f"{base.title} ({rng.choice(words).lower()} {number})"
        picked = rng.sample(sections, rng.randint(4, 7))
        body = [f"# {title}", "", base.description, ""]
        for heading, text in picked:
            sentences = re.split(r"(?<=[.!?]) ", text)
            rng.shuffle(sentences)
            body += [f"## {heading}", "", " ".join(sentences), ""]
        front = {
            "title": title,
            "description": base.description,
            "tags": [section],
            "phrases": rng.sample(phrases, 6),
            "owner": "Service Desk",
            "reviewed": "2026-11-01",
        }
        folder = target / section
        folder.mkdir(exist_ok=True)
        (folder / f"guide-{number}.md").write_text(
            "---\n" + json.dumps(front, indent=1) + "\n---\n\n" + "\n".join(body),
            encoding="utf-8",
        )


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 of the samples (the nearest rank)."""
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return statistics.median(ordered), at(0.95), at(0.99)


def each_once(run: Callable[[str], object], queries: list[str], warm_up: list[str]) -> list[float]:
    """Milliseconds of each query asked once, after a few other queries warmed the process."""
    for query in warm_up:
        run(query)
    samples = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def in_english(rank: Ranker) -> Callable[[str], object]:
    """A ranker asked in English only, as the synthetic guides are written."""
    return lambda query: rank(query, "en")


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under folder (the folder a link points at, for an index build)."""
    root = folder.resolve()
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def distinct_queries(queries: list[str], count: int, seed: int = 11) -> list[str]:
    """The real queries, then pairs of them joined, until `count` different ones: none repeats,
    so no answer cache flatters the HTTP figures."""
    rng = random.Random(seed)
    found = list(dict.fromkeys(queries))
    seen = set(found)
    while len(found) < count:
        joined = f"{rng.choice(queries)} {rng.choice(queries).split()[-1]}"
        if joined not in seen:
            seen.add(joined)
            found.append(joined)
    return found[:count]


@dataclass(frozen=True)
class HttpFigures:
    samples: list[float]
    errors: dict[str, int]  # what went wrong ("status 500", "connection refused") -> how often
    seconds: float


async def _clients(
    port: int, queries: list[str], clients: int, think: tuple[float, float] | None
) -> HttpFigures:
    from tests.benchmarks.load_client import Connection, RequestFailed

    pending: asyncio.Queue[str] = asyncio.Queue()
    for query in queries:
        pending.put_nowait(query)
    samples: list[float] = []
    errors: dict[str, int] = {}

    async def client(number: int) -> None:
        connection = Connection("127.0.0.1", port, f"plainhelp-bench/{number}")
        rng = random.Random(number)
        if think:  # readers arrive over a second, not all at once
            await asyncio.sleep(rng.uniform(*think))
        while not pending.empty():
            query = pending.get_nowait()
            started = time.perf_counter()
            try:
                response = await connection.request(
                    "GET", f"/api/search?q={urllib.parse.quote(query)}"
                )
            except RequestFailed as failed:
                errors[failed.kind] = errors.get(failed.kind, 0) + 1
                continue
            samples.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                kind = f"status {response.status}"
                errors[kind] = errors.get(kind, 0) + 1
            if think:
                await asyncio.sleep(rng.uniform(*think))
        await connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return HttpFigures(samples, errors, time.perf_counter() - started)


def over_http(
    var: Path,
    queries: list[str],
    clients: int,
    warm_up: list[str],
    think: tuple[float, float] | None,
    workers: int,
) -> HttpFigures:
    """`kb serve` on var's index; `clients` keep-alive readers share the queries, each once."""
    with serving(var, {"KB_WORKERS": str(workers)}) as base:
        port = int(base.rsplit(":", 1)[1])
        asyncio.run(_clients(port, warm_up, 1, None))
        return asyncio.run(_clients(port, queries, clients, think))


def ratio(ours: float, theirs: float) -> float:
    return ours / theirs if theirs > 0 else float("inf")


def check(value: float, limit: float) -> str:
    return "met" if value <= limit else "NOT met"


def main() -> None:
    from tests.benchmarks.load import THINK_SECONDS  # `make load`'s readers; load imports us

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="5000,20000", help="Guide counts, comma-separated.")
    parser.add_argument("--http", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="Worker processes of `kb serve`: 2, as docs/operating.md deploys it (one per CPU).",
    )
    parser.add_argument("--http-queries", type=int, default=2000)
    parser.add_argument(
        "--think",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"Readers pause {THINK_SECONDS[0]}-{THINK_SECONDS[1]} s between searches, as in "
        "`make load` (--no-think saturates the server).",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    queries = [q for q, _ in load_queries(ROOT / "tests" / "data" / "dev-queries.tsv")]
    queries += [q for q, _ in load_queries(ROOT / "tests" / "data" / "held-out-queries.tsv")]
    console = Console(width=200)
    figures = Table(
        title=f"Search speed: {len(queries)} queries, each asked once (milliseconds)",
        title_justify="left",
    )
    for column in (
        "guides",
        "engine",
        "build s",
        "index MB",
        "p50",
        "p95",
        "p99",
        "HTTP p50 / p99",
    ):
        figures.add_column(column, justify="right")
    targets: list[tuple[str, str, str, str]] = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-search-") as scratch:
            content, var = Path(scratch) / "content", Path(scratch) / "var"
            console.print(f"generating {size} guides…")
            generate(ROOT / "content", content, size)

            started = time.perf_counter()
            build_index(load_content(content), var)
            ours_build = time.perf_counter() - started
            folder = current_index(var)
            assert folder is not None, "build_index made no current index"
            ours_bytes = folder_bytes(folder)
            engine = Engine(folder)

            started = time.perf_counter()
            pages = read_pages(content)
            tantivy_folder = Path(scratch) / "tantivy"
            tantivy_folder.mkdir()
            tantivy = tantivy_bm25_ranker(pages, tantivy_folder)
            theirs_build = time.perf_counter() - started
            theirs_bytes = folder_bytes(tantivy_folder)

            warm = [p.title for p in pages[:WARM_UP]]
            ours = percentiles(each_once(partial(engine.search, limit=10), queries, warm))
            theirs = percentiles(each_once(in_english(tantivy), queries, warm))

            http = "-"
            if args.http and size == max(sizes):
                console.print(f"  HTTP: {args.clients} clients on `kb serve`…")
                asked = distinct_queries(queries, args.http_queries)
                think = THINK_SECONDS if args.think else None
                done = over_http(var, asked, args.clients, warm, think, args.workers)
                p50, _p95, p99 = percentiles(done.samples or [float("nan")])
                http = f"{p50:.1f} / {p99:.1f}"
                if done.errors:
                    http += " (errors: " + ", ".join(f"{k} x{n}" for k, n in done.errors.items())
                    http += ")"
                targets.append(
                    (
                        f"HTTP p99, {args.clients} clients "
                        + (f"({think[0]}-{think[1]} s think time)" if think else "(no think time)")
                        + f", {args.workers} workers, {size} guides",
                        f"{p99:.1f} ms ({len(done.samples)} queries, "
                        f"{len(done.samples) / done.seconds:.0f}/s)",
                        f"<= {TARGET_HTTP_P99_MS:.0f} ms",
                        check(p99, TARGET_HTTP_P99_MS),
                    )
                )
            rows = (
                ("Plainhelp", ours_build, ours_bytes, ours, http),
                ("tantivy BM25", theirs_build, theirs_bytes, theirs, "-"),
            )
            for name, built, size_bytes, (p50, p95, p99), over in rows:
                row = (
                    str(size),
                    name,
                    f"{built:.1f}",
                    f"{size_bytes / 1e6:.1f}",
                    f"{p50:.2f}",
                    f"{p95:.2f}",
                    f"{p99:.2f}",
                    over,
                )
                figures.add_row(*row)
                console.print("  " + " | ".join(row), markup=False)  # as soon as it is known
            build_ratio = ratio(ours_build, theirs_build)
            p50_ratio, p99_ratio = ratio(ours[0], theirs[0]), ratio(ours[2], theirs[2])
            latency = f"<= {TARGET_LATENCY_RATIO:.0f}x"
            targets += [
                (
                    f"in-process p50, {size} guides",
                    f"{p50_ratio:.1f}x",
                    latency,
                    check(p50_ratio, TARGET_LATENCY_RATIO),
                ),
                (
                    f"in-process p99, {size} guides",
                    f"{p99_ratio:.1f}x",
                    latency,
                    check(p99_ratio, TARGET_LATENCY_RATIO),
                ),
                (
                    f"build (`kb index`), {size} guides",
                    f"{build_ratio:.1f}x",
                    f"<= {TARGET_BUILD_RATIO:.0f}x",
                    check(build_ratio, TARGET_BUILD_RATIO),
                ),
            ]
            if size == 20000:
                megabytes = ours_bytes / 1e6
                targets.append(
                    (
                        "index size, 20000 guides",
                        f"{megabytes:.1f} MB",
                        f"<= {TARGET_INDEX_MB_AT_20K:.0f} MB",
                        check(megabytes, TARGET_INDEX_MB_AT_20K),
                    )
                )
    console.print(figures)
    against = Table(title="Targets (Plainhelp against tantivy's raw BM25)", title_justify="left")
    for column in ("figure", "measured", "target", ""):
        against.add_column(column)
    for target in targets:
        against.add_row(*target)
    console.print(against)


if __name__ == "__main__":
    main()
