"""How good is `kb lint`? Precision and recall per rule family on a labelled set, with
proselint run over the same set beside it.

The set lives in tests/data/lint/ (tests/benchmarks/lint_labels.py reads it) and proselint's
side is in tests/benchmarks/lint_proselint.py. Run it with `make lint-eval`;
tests/unit/test_lint_quality.py holds the linter to the targets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from portal.writing.lint.engine import lint_markdown, lint_paths
from portal.writing.lint.rules import Rule
from portal.writing.lint.settings import LintSettings, configured_rules
from tests.benchmarks.lint_labels import (
    DATA,
    DEVELOPMENT,
    HELD_OUT_SETS,
    TODAY,
    Label,
    load_guides,
    load_sentences,
)
from tests.benchmarks.lint_proselint import proselint_on_guides, proselint_on_sentences

FAMILIES = (
    "jargon",
    "plain-words",
    "condescension",
    "readability",
    "passive",
    "caps",
    "exclamation",
    "links",
    "structure",
)
TARGET_PRECISION = 0.9
TARGET_RECALL = 0.85


@dataclass
class Tally:
    """True positives, false positives and false negatives of one family."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


def score(expected: list[set[Label]], predicted: list[set[Label]]) -> dict[str, Tally]:
    """Per-family tallies over items, plus "overall" (micro-averaged)."""
    tallies = {family: Tally() for family in FAMILIES}
    for wanted, found in zip(expected, predicted, strict=True):
        found = {label for label in found if label[0] in tallies}
        for family, _ in wanted & found:
            tallies[family].tp += 1
        for family, _ in found - wanted:
            tallies[family].fp += 1
        for family, _ in wanted - found:
            tallies[family].fn += 1
    overall = Tally()
    for tally in tallies.values():
        overall.add(tally)
    tallies["overall"] = overall
    return tallies


def prose_rules() -> list[Rule]:
    """Rules that can speak about one sentence: everything but the guide's structure."""
    return [r for r in configured_rules(LintSettings()) if r.family != "structure"]


def ours_on_sentences(sentences: Iterable[str]) -> list[set[Label]]:
    """The families `kb lint`'s prose rules find in each sentence."""
    rules = prose_rules()
    return [
        {(f.family, 0) for f in lint_markdown(text + "\n", rules, today=TODAY)}
        for text in sentences
    ]


def ours_on_guides(paths: Iterable[Path]) -> list[set[Label]]:
    """(family, line) of every finding of all `kb lint`'s rules, in each guide."""
    rules = configured_rules(LintSettings())
    found = []
    for path in paths:
        result = lint_paths([path], path.parent, rules, today=TODAY)
        found.append({(f.family, f.line) for f in result.findings})
    return found


def _figure(value: float | None) -> str:
    return "   —" if value is None else f"{value:.2f}"


def table(title: str, ours: dict[str, Tally], theirs: dict[str, Tally]) -> list[str]:
    lines = [
        title,
        f"{'family':14} {'labelled':>8}  {'ours P':>6} {'ours R':>6}  {'proselint P':>11} "
        f"{'proselint R':>11}",
    ]
    for family in (*FAMILIES, "overall"):
        mine, other = ours[family], theirs[family]
        labelled = mine.tp + mine.fn
        if not labelled and not mine.fp and not other.fp:
            continue
        lines.append(
            f"{family:14} {labelled:>8}  {_figure(mine.precision):>6} {_figure(mine.recall):>6}  "
            f"{_figure(other.precision):>11} {_figure(other.recall):>11}"
        )
    return lines


@dataclass
class Evaluation:
    sentences: dict[str, Tally]
    guides: dict[str, Tally]
    combined: dict[str, Tally]
    proselint_sentences: dict[str, Tally]
    proselint_guides: dict[str, Tally]
    proselint_combined: dict[str, Tally]


def _combine(first: dict[str, Tally], second: dict[str, Tally]) -> dict[str, Tally]:
    combined = {}
    for family in first:
        tally = Tally()
        tally.add(first[family])
        tally.add(second[family])
        combined[family] = tally
    return combined


def evaluate(with_proselint: bool = True) -> Evaluation:
    sentences = load_sentences()
    guides = load_guides()
    expected_s = [labels for labels, _ in sentences]
    expected_g = [labels for _, labels in guides]
    texts = [text for _, text in sentences]
    paths = [path for path, _ in guides]
    ours_s = score(expected_s, ours_on_sentences(texts))
    ours_g = score(expected_g, ours_on_guides(paths))
    if with_proselint:
        theirs_s = score(expected_s, proselint_on_sentences(texts))
        theirs_g = score(expected_g, proselint_on_guides(paths))
    else:
        theirs_s = score(expected_s, [set() for _ in texts])
        theirs_g = score(expected_g, [set() for _ in paths])
    return Evaluation(
        ours_s,
        ours_g,
        _combine(ours_s, ours_g),
        theirs_s,
        theirs_g,
        _combine(theirs_s, theirs_g),
    )


def main() -> None:
    sentences, guides = load_sentences(), load_guides()
    result = evaluate()
    print(f"Labelled set: {len(sentences)} sentences and {len(guides)} guides in {DATA}.")
    print(f"Target: precision >= {TARGET_PRECISION} and recall >= {TARGET_RECALL} overall.\n")
    for title, ours, theirs in (
        ("Sentences", result.sentences, result.proselint_sentences),
        ("Whole guides (family and line must both match)", result.guides, result.proselint_guides),
        ("Both together", result.combined, result.proselint_combined),
    ):
        print("\n".join(table(title, ours, theirs)))
        print()
    overall = result.combined["overall"]
    met = (overall.precision or 0) >= TARGET_PRECISION and (overall.recall or 0) >= TARGET_RECALL
    print("Target met." if met else "Target NOT met.")
    described = [(path, "held-out, labelled without seeing the rules") for path in HELD_OUT_SETS]
    described.append((DEVELOPMENT, "labelled without seeing the rules, then used to improve them"))
    for path, what in described:
        labelled = load_sentences(path)
        ours = score([w for w, _ in labelled], ours_on_sentences([t for _, t in labelled]))
        theirs = score([w for w, _ in labelled], proselint_on_sentences([t for _, t in labelled]))
        print()
        print("\n".join(table(f"{path.name} ({len(labelled)}, {what})", ours, theirs)))


if __name__ == "__main__":
    main()
