"""The `make fuzz` properties, small: each target runs a few hundred inputs (and the inputs
that once failed), so the fuzz code keeps working and the worst cases stay fixed."""

from __future__ import annotations

import pytest

from tests.conftest import Built
from tests.fuzz.__main__ import MINIMUM_TOTAL, Row, _report
from tests.fuzz.properties import TARGETS, Fuzz, Place

INPUTS = 200


@pytest.fixture(scope="module")
def fuzz(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Fuzz:
    return Fuzz(Place(built.site, built.var, tmp_path_factory.mktemp("fuzz")))


@pytest.mark.parametrize("name", list(TARGETS))
def test_no_input_fails_on_our_side(fuzz: Fuzz, name: str) -> None:
    outcome = TARGETS[name](fuzz, INPUTS)
    assert outcome.count >= INPUTS  # every drawn input ran, and the regressions too


def test_the_runner_refuses_a_short_run() -> None:
    rows = [Row("a", MINIMUM_TOTAL - 1, 1.0, True)]
    assert not _report(rows, 1.0, scale=1.0)  # too few inputs at full scale
    assert _report(rows, 1.0, scale=0.1)  # a quick look may run fewer
    assert _report([Row("a", MINIMUM_TOTAL, 1.0, True)], 1.0, scale=1.0)
    assert not _report([Row("a", MINIMUM_TOTAL, 1.0, False)], 1.0, scale=1.0)
