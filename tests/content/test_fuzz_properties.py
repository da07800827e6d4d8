"""The `make fuzz` properties, small: each target runs a few hundred inputs (and the inputs
that once failed), so the fuzz code keeps working and the worst cases stay fixed."""

from __future__ import annotations

import pytest

from tests.fuzz.properties import TARGETS, Fuzz, Place
from tests.support.kb import Built

INPUTS = 200


@pytest.fixture(scope="module")
def fuzz(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Fuzz:
    return Fuzz(Place(built.site, built.var, tmp_path_factory.mktemp("fuzz")))


@pytest.mark.parametrize("name", list(TARGETS))
def test_no_input_fails_on_our_side(fuzz: Fuzz, name: str) -> None:
    outcome = TARGETS[name](fuzz, INPUTS)
    assert outcome.count >= INPUTS  # every drawn input ran, and the regressions too
