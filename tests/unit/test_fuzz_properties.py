"""The `make fuzz` runner refuses a run with too few inputs (unless it is a quick look)."""

from __future__ import annotations

from tests.fuzz.__main__ import MINIMUM_TOTAL, Row, _report


def test_the_runner_refuses_a_short_run() -> None:
    rows = [Row("a", MINIMUM_TOTAL - 1, 1.0, True)]
    assert not _report(rows, 1.0, scale=1.0)  # too few inputs at full scale
    assert _report(rows, 1.0, scale=0.1)  # a quick look may run fewer
    assert _report([Row("a", MINIMUM_TOTAL, 1.0, True)], 1.0, scale=1.0)
    assert not _report([Row("a", MINIMUM_TOTAL, 1.0, False)], 1.0, scale=1.0)
