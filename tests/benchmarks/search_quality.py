"""`make eval`: search quality for Plainhelp and two baselines on labelled query files.

Prints success@1, success@3, MRR@10 and the zero-result rate; run `kb build` first.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table

from portal.config import Config
from search import current_index
from tests.benchmarks.evaluation import (
    evaluate,
    load_queries,
    lunr_material_ranker,
    misses,
    plainhelp_ranker,
    whoosh_defaults_ranker,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("query_files", nargs="+", type=Path)
    parser.add_argument("--misses", action="store_true", help="List Plainhelp's top-3 misses.")
    args = parser.parse_args()
    config = Config.load()
    index = current_index(config.var_dir)
    if index is None:
        raise SystemExit("There is no search index; run `kb build` first.")
    systems = {
        "Plainhelp": plainhelp_ranker(index),
        "Material built-in (lunr)": lunr_material_ranker(config.site_dir),
        "Whoosh defaults": whoosh_defaults_ranker(config.content_dir),
    }
    console = Console()
    for path in args.query_files:
        queries = load_queries(path)
        table = Table(title=f"{path.name} ({len(queries)} queries)")
        for column in ("system", "success@1", "success@3", "MRR@10", "zero results", "ms/query"):
            table.add_column(column, justify="left" if column == "system" else "right")
        for name, rank in systems.items():
            s = evaluate(rank, queries)
            table.add_row(
                name,
                f"{s.success_at_1:.3f}",
                f"{s.success_at_3:.3f}",
                f"{s.mrr_at_10:.3f}",
                f"{s.zero_results:.3f}",
                f"{s.ms_per_query:.1f}",
            )
        console.print(table)
        if args.misses:
            for query, expected, got in misses(systems["Plainhelp"], queries):
                console.print(f"  miss: {query!r} -> expected {expected}, got {got}", markup=False)


if __name__ == "__main__":
    main()
