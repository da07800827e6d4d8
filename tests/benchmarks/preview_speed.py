"""How long a saved edit takes to show in the open browser under `kb serve --dev`.

    .venv/bin/python -m tests.benchmarks.preview_speed [EDITS]

Printed, never asserted: tests must not depend on timing. Each edit renames a heading of a
real guide on disk and times until Chromium (which nobody reloads) shows the new heading.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.support.browser import launch_browser
from tests.support.preview import live_preview, replace_heading

GUIDE = "email/check-junk-email"


def main(edits: int = 5) -> None:
    browsers = launch_browser()  # kept: Playwright stops when this generator is closed
    browser = next(browsers)
    scratch = tempfile.TemporaryDirectory(prefix="kb-preview-speed-")
    with scratch, live_preview(Path(scratch.name)) as preview:
        guides = sum(1 for _ in preview.content.rglob("*.md"))
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(f"{preview.url}/{GUIDE}/")
        seconds = []
        heading = "## What to do"
        for number in range(1, edits + 1):
            new = f"## What to do, take {number}"
            time.sleep(1.0)  # let the page settle after the last reload
            started = time.perf_counter()
            replace_heading(preview.content / f"{GUIDE}.md", heading, new)
            page.get_by_role("heading", name=new[3:]).wait_for(timeout=30_000)
            seconds.append(time.perf_counter() - started)
            heading = new
            print(f"edit {number}: visible after {seconds[-1]:.2f} s")
    browsers.close()  # type: ignore[attr-defined]
    print(
        f"{guides} Markdown pages: edit to visible, median {statistics.median(seconds):.2f} s, "
        f"slowest {max(seconds):.2f} s over {edits} edits"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
