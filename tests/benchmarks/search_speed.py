"""`make bench` (search): index build time, size and query latency at 1k, 5k and 20k guides.

The guides are synthetic but realistic: each recombines real guides' titles, people's
phrases, sections and sentences, so vocabulary and lengths match the real help center.
Plainhelp is measured in-process and over HTTP on the real WSGI server; lunr (Material's
engine) and SQLite FTS5 run the same queries over the same guides for comparison.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from portal.guides.articles import load_content
from search import Engine, build_index, current_index, guide_record
from tests.benchmarks.evaluation import load_queries
from tests.benchmarks.portal_process import serving

ROOT = Path(__file__).resolve().parents[2]


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
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return statistics.median(ordered), at(0.95), at(0.99)


def timed(run: Callable[[str], object], queries: list[str]) -> list[float]:
    """Latency of each query on a warm engine: one pass first, as a running server has had.

    Nothing caches results; the pass warms word-level caches (stems) and the CPU's caches.
    """
    for query in queries:
        run(query)
    samples = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def lunr_engine(content: Path) -> tuple[float, Callable[[str], object]]:
    from lunr import lunr

    docs = [
        {"id": g.path, "title": g.title, "body": g.body}
        for g in (guide_record(a) for a in load_content(content).guides)
    ]
    started = time.perf_counter()
    index = lunr(ref="id", fields=[dict(field_name="title", boost=10), "body"], documents=docs)
    built = time.perf_counter() - started

    def run(query: str) -> object:
        terms = " ".join(f"{t}*" for t in re.findall(r"\w+", query.lower()))
        try:
            return index.search(terms)[:10] if terms else []
        except Exception:
            return []

    return built, run


def fts5_engine(content: Path) -> tuple[float, Callable[[str], object]]:
    database = sqlite3.connect(":memory:", check_same_thread=False)
    started = time.perf_counter()
    database.execute(
        "CREATE VIRTUAL TABLE guides USING fts5(path UNINDEXED, title, body, tokenize='porter')"
    )
    database.executemany(
        "INSERT INTO guides VALUES (?, ?, ?)",
        [
            (g.path, g.title, g.body)
            for g in (guide_record(a) for a in load_content(content).guides)
        ],
    )
    database.commit()
    built = time.perf_counter() - started

    def run(query: str) -> object:
        terms = " OR ".join(f'"{t}"' for t in re.findall(r"\w+", query.lower()))
        if not terms:
            return []
        return database.execute(
            "SELECT path FROM guides WHERE guides MATCH ? ORDER BY bm25(guides, 10.0, 1.0) "
            "LIMIT 10",
            (terms,),
        ).fetchall()

    return built, run


def over_http(var: Path, queries: list[str], suggest: list[str]) -> tuple[list[float], list[float]]:
    with serving(var) as base:

        def get(path: str) -> Callable[[str], object]:
            return lambda q: urllib.request.urlopen(
                f"{base}{path}?q={urllib.parse.quote(q)}", timeout=10
            ).read()

        return timed(get("/api/search"), queries), timed(get("/api/suggest"), suggest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--http", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument(
        "--baselines",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="Also run lunr and SQLite FTS5 (slow at 20k guides).",
    )
    args = parser.parse_args()
    queries = [q for q, _ in load_queries(ROOT / "tests" / "data" / "dev-queries.tsv")]
    queries += [q for q, _ in load_queries(ROOT / "tests" / "data" / "held-out-queries.tsv")]
    typing = [q[: max(3, len(q) * 2 // 3)] for q in queries]  # what people have typed so far
    console = Console(width=170)
    table = Table(title=f"Search speed ({len(queries)} queries; milliseconds p50 / p95 / p99)")
    for column in (
        "guides",
        "engine",
        "build s",
        "size MB",
        "search",
        "suggest",
        "HTTP search",
        "HTTP suggest",
    ):
        table.add_column(column, justify="right")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as scratch:
            content, var = Path(scratch) / "content", Path(scratch) / "var"
            console.print(f"generating {size} guides…")
            generate(ROOT / "content", content, size)
            started = time.perf_counter()
            build = build_index(load_content(content), var)
            build_seconds = time.perf_counter() - started
            engine = Engine(current_index(var))  # type: ignore[arg-type]
            search = percentiles(timed(engine.search, queries))
            suggest = percentiles(timed(engine.suggest, typing))
            http_search: tuple[float | str, ...] = ("-", "-", "-")
            http_suggest: tuple[float | str, ...] = ("-", "-", "-")
            if args.http:
                s, g = over_http(var, queries, typing)
                http_search, http_suggest = percentiles(s), percentiles(g)

            def fmt(values: tuple) -> str:
                return " / ".join(v if isinstance(v, str) else f"{v:.1f}" for v in values)

            row = (
                str(size),
                "Plainhelp",
                f"{build_seconds:.1f}",
                f"{build.bytes / 1e6:.1f}",
                fmt(search),
                fmt(suggest),
                fmt(http_search),
                fmt(http_suggest),
            )
            table.add_row(*row)
            console.print("  " + " | ".join(row), markup=False)  # as soon as it is known
            baselines = (("lunr", lunr_engine), ("SQLite FTS5", fts5_engine))
            for name, make in baselines if args.baselines else ():
                built, run = make(content)
                row = (
                    "",
                    name,
                    f"{built:.1f}",
                    "-",
                    fmt(percentiles(timed(run, queries))),
                    fmt(percentiles(timed(run, typing))),
                    "-",
                    "-",
                )
                table.add_row(*row)
                console.print("  " + " | ".join(row), markup=False)
    console.print(table)


if __name__ == "__main__":
    main()
