"""`kb lint` over the real guides in content/: no errors anywhere."""

from __future__ import annotations

import json
import re

from tests.support.kb import run_kb


def test_every_guide_in_content_passes_with_no_errors() -> None:
    result = run_kb("lint", "--format", "json", "content")
    findings = json.loads(result.stdout)
    assert [f for f in findings if f["severity"] == "error"] == []
    assert result.returncode == 0
    assert re.search(r"Checked \d+ files", result.stderr)
