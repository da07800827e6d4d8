"""`minutes:` in the front matter: a wrong override is an error on its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.guides.articles import load_content
from tests.support.files import good_guide_as, write


@pytest.mark.parametrize("value", ["0", "121", "lots", "2.5", "true", "[5]"])
def test_a_wrong_override_is_an_error_on_its_line(tmp_path: Path, value: str) -> None:
    write(
        tmp_path,
        "printing/jam.md",
        good_guide_as("Fix a paper jam", "# Jam\n\nPull.\n", f"minutes: {value}\n"),
    )
    problems = [str(p) for p in load_content(tmp_path).problems]
    assert problems == [
        f"{tmp_path}/printing/jam.md:12: `minutes` must be a whole number of minutes from 1 to "
        "120, such as `5`"
    ]
