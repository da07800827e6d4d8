"""The linter meets its targets on the labelled set (precision >= 0.9, recall >= 0.85)."""

from __future__ import annotations

import pytest

from tests.benchmarks.lint_labels import load_guides, load_sentences
from tests.benchmarks.lint_quality import (
    TARGET_PRECISION,
    TARGET_RECALL,
    Tally,
    evaluate,
    score,
    table,
)


@pytest.fixture(scope="module")
def evaluation():
    return evaluate(with_proselint=True)


def test_the_labelled_set_is_big_enough() -> None:
    sentences = load_sentences()
    guides = load_guides()
    assert len(sentences) >= 80
    assert len(guides) >= 10
    assert sum(1 for labels, _ in sentences if not labels) >= 30, "clean sentences test precision"
    assert all(path.is_file() for path, _ in guides)


@pytest.mark.parametrize("part", ["sentences", "guides", "combined"])
def test_targets_are_met(evaluation, part: str) -> None:
    overall = getattr(evaluation, part)["overall"]
    assert overall.precision is not None and overall.precision >= TARGET_PRECISION
    assert overall.recall is not None and overall.recall >= TARGET_RECALL


def test_every_family_is_measured_and_proselint_is_beside_it(evaluation) -> None:
    for family, tally in evaluation.combined.items():
        assert tally.tp + tally.fn > 0, f"no labelled {family} problems"
    lines = table("Both", evaluation.combined, evaluation.proselint_combined)
    assert lines[1].split() == [
        "family",
        "labelled",
        "ours",
        "P",
        "ours",
        "R",
        "proselint",
        "P",
        "proselint",
        "R",
    ]
    assert evaluation.proselint_combined["exclamation"].tp > 0  # proselint really ran


def test_scoring_counts_true_and_false_positives() -> None:
    tallies = score(
        [{("jargon", 3), ("caps", 5)}, set()],
        [{("jargon", 3), ("jargon", 9)}, {("passive", 1), ("unrelated", 2)}],
    )
    assert (tallies["jargon"].tp, tallies["jargon"].fp, tallies["jargon"].fn) == (1, 1, 0)
    assert (tallies["caps"].tp, tallies["caps"].fn) == (0, 1)
    assert tallies["passive"].fp == 1
    assert tallies["overall"].precision == pytest.approx(1 / 3)
    assert Tally().precision is None
