"""The narrowing question's figures: how often a specific query is asked "What isn't working?"
(it should not be), and how often a vague one is, and sent to the troubleshooter that fits.

`make eval` prints this table after the search tables (run `kb build` first); on its own:
`python -m tests.benchmarks.narrowing_quality`. The specific queries are our labelled question
files (every one names its problem); the vague ones are tests/data/vague-queries.tsv, written
for this table (query, then what fits: a troubleshooter's path, `help`, or `topics`; several
separated by `|`). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from portal.config import Config

if TYPE_CHECKING:
    from search import Engine

ROOT = Path(__file__).resolve().parents[2]
SPECIFIC = (ROOT / "tests/data/dev-queries.tsv", ROOT / "tests/data/held-out-queries.tsv")
VAGUE = ROOT / "tests/data/vague-queries.tsv"


@dataclass(frozen=True)
class Figures:
    name: str
    queries: int
    flagged: int
    fitting: int | None  # None for specific queries (nothing fits but no question)
    flagged_queries: tuple[str, ...] = ()
    misfits: tuple[str, ...] = ()


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        found = list(csv.reader(handle, delimiter="\t"))
    return [row for row in found[1:] if row and row[0].strip()]


def what_was_asked(engine: Engine, query: str) -> str | None:
    """`help`, a troubleshooter's path, `topics`, or None when no question came back."""
    narrowing = engine.search(query).narrowing
    if narrowing is None:
        return None
    if narrowing["reason"] == "help":
        return "help"
    tree = narrowing["troubleshooter"]
    return tree["path"] if tree else "topics"


def specific_figures(engine: Engine, path: Path) -> Figures:
    queries = [row[0] for row in rows(path)]
    flagged = tuple(q for q in queries if what_was_asked(engine, q) is not None)
    return Figures(path.name, len(queries), len(flagged), None, flagged)


def vague_figures(engine: Engine, path: Path) -> Figures:
    asked = [(row[0], row[1].split("|"), what_was_asked(engine, row[0])) for row in rows(path)]
    misfits = tuple(
        f"{query!r}: wanted {' | '.join(fits)}, got {got}"
        for query, fits, got in asked
        if got not in fits
    )
    flagged = sum(1 for _, _, got in asked if got is not None)
    fitting = sum(1 for _, fits, got in asked if got in fits)
    return Figures(path.name, len(asked), flagged, fitting, misfits=misfits)


def share(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "-"


def table(figures: Sequence[Figures]) -> Table:
    grid = Table(title="narrowing: the question back to vague queries", title_justify="left")
    for column in ("queries", "kind", "asked a question", "sent where it fits"):
        grid.add_column(column, justify="left" if column in ("queries", "kind") else "right")
    for figure in figures:
        kind = "specific" if figure.fitting is None else "vague"
        fits = "-" if figure.fitting is None else share(figure.fitting, figure.queries)
        grid.add_row(figure.name, kind, share(figure.flagged, figure.queries), fits)
    return grid


def evaluate(engine: Engine, console: Console, show_misses: bool = False) -> list[Figures]:
    """Print the table (and, when asked, each specific query flagged and each misfit)."""
    figures = [specific_figures(engine, path) for path in SPECIFIC if path.is_file()]
    if VAGUE.is_file():
        figures.append(vague_figures(engine, VAGUE))
    console.print(table(figures))
    flagged = sum(f.flagged for f in figures if f.fitting is None)
    specific = sum(f.queries for f in figures if f.fitting is None)
    console.print(
        f"  target: specific queries asked a question at or near 0 ({share(flagged, specific)})",
        markup=False,
    )
    if show_misses:
        for figure in figures:
            for query in figure.flagged_queries:
                console.print(f"  specific, asked: {query!r}", markup=False)
            for line in figure.misfits:
                console.print(f"  vague, misfit: {line}", markup=False)
    return figures


def main() -> None:
    from search import Engine, current_index

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="List every query that missed.")
    args = parser.parse_args()
    folder = current_index(Config.load().var_dir)
    if folder is None:
        raise SystemExit("There is no search index: run `kb build` first.")
    evaluate(Engine(folder), Console(width=200), args.misses)


if __name__ == "__main__":
    main()
