"""The report's arithmetic, in-process: the Wilson lower bound and the "fix next" ranking."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portal.guides.articles import Article
from portal.report.data import fix_next, wilson_lower_bound
from portal.report.model import GuideFeedback, StaleGuide

TODAY = dt.date(2026, 11, 22)


def test_wilson_lower_bound_known_values() -> None:
    # Worked by hand with z = 1.96: (p + z²/2n - z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n).
    assert wilson_lower_bound(0, 0) == 0.0  # no votes, no evidence
    assert wilson_lower_bound(10, 10) == pytest.approx(1 / (1 + 1.96**2 / 10))  # 0.7225
    assert wilson_lower_bound(10, 10) == pytest.approx(0.7225, abs=1e-4)
    assert wilson_lower_bound(5, 10) == pytest.approx(0.2366, abs=1e-4)
    assert wilson_lower_bound(3, 12) == pytest.approx(0.0889, abs=1e-4)
    assert wilson_lower_bound(0, 6) == 0.0
    assert wilson_lower_bound(1, 1) == pytest.approx(0.2065, abs=1e-4)
    # More votes with the same share: more confidence, a higher bound.
    assert wilson_lower_bound(50, 100) > wilson_lower_bound(5, 10)


def test_fix_next_ranks_several_problems_and_strong_evidence_first() -> None:
    def rated(path: str, helpful: int, votes: int, out_of_date: int = 0) -> GuideFeedback:
        reasons = [("out-of-date", out_of_date)] if out_of_date else []
        return GuideFeedback(
            path, path, f"/{path}/", votes, helpful, helpful / votes,
            wilson_lower_bound(helpful, votes), reasons,
        )  # fmt: skip

    def overdue(path: str, days: int) -> StaleGuide:
        due = TODAY - dt.timedelta(days=days)
        return StaleGuide(path, path, f"/{path}/", due - dt.timedelta(days=180), due, days)

    guides = {
        path: Article(path, Path(f"{path}.md"), path.title(), "", "", 1)
        for path in ("a/two-faint", "a/nobody-helped", "a/both", "a/few-votes")
    }
    items = fix_next(
        [
            rated("a/two-faint", 3, 3, out_of_date=1),  # too few votes; one says out of date
            rated("a/nobody-helped", 0, 20),
            rated("a/both", 2, 10, out_of_date=3),
            rated("a/few-votes", 0, 4),  # fewer votes than min_votes: the rating does not count
        ],
        [overdue("a/two-faint", 1), overdue("a/both", 200)],
        guides,
        min_votes=5,
        helpful_target=0.5,
    )
    assert [i.path for i in items] == ["a/both", "a/nobody-helped", "a/two-faint"]
    assert [i.problems for i in items] == [3, 1, 2]
    assert items[0].score == pytest.approx(1 - wilson_lower_bound(2, 10) + 1 + 1, abs=1e-3)
