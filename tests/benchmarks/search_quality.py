"""`make eval`: search quality for Plainhelp and three baselines, on our guides and on others'.

Our own question files are scored by slug against the built site and index (run `kb build`
first); each external collection (and each vendored subset) by page path, with its own
Material site and Plainhelp index built into a temporary folder. Figures are printed, never
asserted; the issue's targets are printed beside them.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from portal.config import Config
from portal.guides.articles import load_content
from tests.benchmarks.baselines import (
    Page,
    build_material_site,
    declared_language,
    lunr_material_ranker,
    read_pages,
    tantivy_bm25_ranker,
    whoosh_first_try_ranker,
)
from tests.benchmarks.evaluation import (
    Key,
    Question,
    Ranker,
    Scores,
    language_folders,
    load_questions,
    misses,
    normalise_path,
    page_language,
    plainhelp_pages,
    score,
    slug_of,
    takes_language,
)
from tests.benchmarks.external_collections import (
    Collection,
    listed_collections,
    vendored_collections,
)

ROOT = Path(__file__).resolve().parents[2]
PLAINHELP = "Plainhelp"
LUNR = "Material built-in (lunr)"
WHOOSH = "Whoosh first try (stemming, BM25F, any word)"
TANTIVY = "tantivy BM25 (en_stem, any word)"
COLUMNS = (
    "system",
    "success@1",
    "success@3",
    "MRR@10",
    "zero results",
    "ms/query",
    "other lang in top 3",
)

Systems = dict[str, Ranker | str]  # a ranker, or why that system could not run here


def attempt(name: str, make: Callable[[], Ranker]) -> Ranker | str:
    """The ranker, or one sentence on why it could not be set up (the table says so)."""
    try:
        return make()
    except Exception as error:  # a baseline that cannot start must not stop the others
        return f"{name} could not be set up: {error.__class__.__name__}: {error}"


def baselines(pages: list[Page], site: Path | str) -> Systems:
    """Material's lunr over site (or why there is no site), Whoosh and tantivy over pages."""
    return {
        LUNR: site if isinstance(site, str) else attempt(LUNR, lambda: lunr_material_ranker(site)),
        WHOOSH: attempt(WHOOSH, lambda: whoosh_first_try_ranker(pages)),
        TANTIVY: attempt(TANTIVY, lambda: tantivy_bm25_ranker(pages)),
    }


def languages_of(pages: list[Page], default: str, key: Key) -> dict[str, str]:
    """Each page's language: its front matter's `lang`, else its path's convention."""
    folders = language_folders(p.path for p in pages)
    return {
        key(p.path): declared_language(p.text) or page_language(p.path, default, folders)
        for p in pages
    }


def table(
    title: str,
    systems: Systems,
    questions: Sequence[Question],
    key: Key,
    default_lang: str,
    languages: dict[str, str],
) -> tuple[Table, dict[str, Scores]]:
    """One row per system; a system that could not run gets its reason instead of figures."""
    grid = Table(title=title, title_justify="left")
    for column in COLUMNS:
        grid.add_column(column, justify="left" if column == "system" else "right")
    results: dict[str, Scores] = {}
    for name, rank in systems.items():
        if isinstance(rank, str):
            grid.add_row(name, rank, *("-" for _ in COLUMNS[2:]))
            continue
        try:
            s = score(rank, questions, key, default_lang, languages)
        except Exception as error:  # reported, so one broken system leaves the others' rows
            failed = f"failed: {error.__class__.__name__}: {error}"
            grid.add_row(name, failed, *("-" for _ in COLUMNS[2:]))
            continue
        results[name] = s
        grid.add_row(
            name,
            f"{s.success_at_1:.3f}",
            f"{s.success_at_3:.3f}",
            f"{s.mrr_at_10:.3f}",
            f"{s.zero_results:.3f}",
            f"{s.ms_per_query:.1f}",
            f"{s.other_language_top3}/{s.top3_places}",
        )
    return grid, results


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def external_targets(results: dict[str, Scores]) -> str:
    """Ahead of the Whoosh first try and tantivy on success@3 and MRR; no other language."""
    ours = results.get(PLAINHELP)
    others = [results[n] for n in (WHOOSH, TANTIVY) if n in results]
    if ours is None:
        return "target: Plainhelp ahead of Whoosh and tantivy (no Plainhelp figures: NOT met)"
    ahead = all(ours.success_at_3 > o.success_at_3 and ours.mrr_at_10 > o.mrr_at_10 for o in others)
    return (
        "target: Plainhelp ahead of Whoosh first try and tantivy on success@3 and MRR@10: "
        f"{verdict(ahead)}; no answer in another language when the reader's has one "
        f"({ours.other_language_top3}): {verdict(ours.other_language_top3 == 0)}"
    )


def held_out_targets(results: dict[str, Scores]) -> str:
    ours = results.get(PLAINHELP)
    if ours is None:
        return "target: success@3 >= 0.97 and success@1 >= 0.90 (no Plainhelp figures: NOT met)"
    return (
        f"target: success@3 >= 0.97 ({ours.success_at_3:.3f}: "
        f"{verdict(ours.success_at_3 >= 0.97)}), success@1 >= 0.90 ({ours.success_at_1:.3f}: "
        f"{verdict(ours.success_at_1 >= 0.90)})"
    )


def plainhelp_over(docs: Path, var: Path) -> tuple[Ranker | str, str]:
    """Plainhelp on a foreign folder as `kb index` would build it; the ranker and a load note."""
    content = load_content(docs)
    note = (
        f"loading: {len(content.articles)} pages, {len(content.errors)} errors, "
        f"{len(content.warnings)} warnings"
    )
    try:
        from search import Engine, build_index, current_index

        build_index(content, var)
        folder = current_index(var)
        if folder is None:
            return "Plainhelp built no index", note
        engine = Engine(folder)
    except Exception as error:  # the engine may be mid-rewrite: the table says what broke
        first = content.errors[0] if content.errors else ""
        detail = f" (first error: {first})" if first else ""
        return f"could not index: {error.__class__.__name__}: {error}{detail}", note
    if not takes_language(engine):
        note += "; this engine takes no `lang`: questions asked without their language"
    return plainhelp_pages(engine), note


def evaluate_collection(collection: Collection, console: Console, show_misses: bool) -> None:
    """Build everything for one collection in a temporary folder and print its table."""
    questions = load_questions(collection.queries)
    with tempfile.TemporaryDirectory(prefix=f"eval-{collection.name}-") as scratch:
        pages = read_pages(collection.docs)
        site = Path(scratch) / "site"
        failed = build_material_site(collection.docs, site, collection.default_lang)
        plainhelp, note = plainhelp_over(collection.docs, Path(scratch) / "var")
        systems: Systems = {
            PLAINHELP: plainhelp,
            **baselines(pages, f"no site: {failed}" if failed else site),
        }
        title = (
            f"{collection.label}: {len(questions)} questions, {len(pages)} pages, "
            f"default language {collection.default_lang}"
            + (f", licence {collection.licence}" if collection.licence else "")
        )
        languages = languages_of(pages, collection.default_lang, normalise_path)
        grid, results = table(
            title, systems, questions, normalise_path, collection.default_lang, languages
        )
        console.print(grid)
        console.print(f"  Plainhelp {note}", markup=False)
        console.print("  " + external_targets(results), markup=False)
        if show_misses and not isinstance(plainhelp, str):
            print_misses(console, plainhelp, questions, normalise_path, collection.default_lang)


def print_misses(
    console: Console, rank: Ranker, questions: Sequence[Question], key: Key, lang: str
) -> None:
    for text, expected, got in misses(rank, questions, key, lang):
        console.print(
            f"  miss: {text!r} -> expected {' | '.join(expected)}, got {got}", markup=False
        )


def built_plainhelp(var: Path) -> Ranker:
    """Plainhelp over the index `kb build` made in var."""
    from search import Engine, current_index

    index = current_index(var)
    if index is None:
        raise LookupError("no search index: run `kb build` first")
    return plainhelp_pages(Engine(index))


def evaluate_ours(files: list[Path], config: Config, console: Console, show_misses: bool) -> None:
    """Our own question files (expected = slug) over the built site and index."""
    plainhelp = attempt(PLAINHELP, lambda: built_plainhelp(config.var_dir))
    site_ready = (config.site_dir / "search" / "search_index.json").is_file()
    pages = read_pages(config.content_dir)
    site: Path | str = config.site_dir if site_ready else "no built site: run `kb build` first"
    systems: Systems = {PLAINHELP: plainhelp, **baselines(pages, site)}
    languages = languages_of(pages, "en", slug_of)
    for path in files:
        questions = load_questions(path)
        grid, results = table(
            f"ours, {path.name}: {len(questions)} questions, {len(pages)} pages",
            systems,
            questions,
            slug_of,
            "en",
            languages,
        )
        console.print(grid)
        if "held-out" in path.name:
            console.print("  " + held_out_targets(results), markup=False)
        if show_misses and not isinstance(plainhelp, str):
            print_misses(console, plainhelp, questions, slug_of, "en")
    if not isinstance(plainhelp, str):
        narrowing_table(config, console, show_misses)


def narrowing_table(config: Config, console: Console, show_misses: bool) -> None:
    """The question back to vague queries: asked of specific ones, and where vague ones go."""
    from search import Engine, current_index
    from tests.benchmarks import narrowing_quality

    folder = current_index(config.var_dir)
    if folder is None:
        return
    try:
        narrowing_quality.evaluate(Engine(folder), console, show_misses)
    except Exception as error:  # an engine without narrowing: the table says so, the rest ran
        console.print(f"narrowing: could not run ({error.__class__.__name__}: {error})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "query_files",
        nargs="*",
        type=Path,
        default=[ROOT / "tests/data/dev-queries.tsv", ROOT / "tests/data/held-out-queries.tsv"],
        help="Our own question files (query, expected slug).",
    )
    parser.add_argument(
        "--external",
        type=Path,
        default=Path("/work/external"),
        help="Folder with collections.tsv and one folder per collection.",
    )
    parser.add_argument("--vendored", type=Path, default=ROOT / "tests/data/external")
    parser.add_argument("--only", help="Evaluate only the collection of this name.")
    parser.add_argument("--no-ours", action="store_true", help="Skip our own question files.")
    parser.add_argument("--misses", action="store_true", help="List Plainhelp's top-3 misses.")
    args = parser.parse_args()
    console = Console(width=200)
    if not args.no_ours:
        evaluate_ours(args.query_files, Config.load(), console, args.misses)
    collections = listed_collections(args.external)
    if not collections:
        console.print(f"no external collections found in {args.external}", markup=False)
    collections += vendored_collections(args.vendored)
    for collection in collections:
        if args.only and collection.name != args.only:
            continue
        if not collection.docs.is_dir() or not collection.queries.is_file():
            console.print(
                f"{collection.label}: skipped, {collection.docs} or "
                f"{collection.queries} is missing",
                markup=False,
            )
            continue
        evaluate_collection(collection, console, args.misses)


if __name__ == "__main__":
    main()
