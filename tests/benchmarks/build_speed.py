"""Build speed figures: how long checking the guides and building the site take.

Printed, never asserted: tests must not depend on timing.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from portal.config import Config
from portal.guides.articles import load_content
from portal.guides.readability import score_markdown
from portal.writing.site_build import build_site


def _timed(action, runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    config = Config.load()
    content = load_content(config.content_dir)
    print(f"content: {len(content.articles)} pages, {len(content.guides)} guides")

    load = _timed(lambda: load_content(config.content_dir), runs=10)
    print(f"load and validate all guides: median {statistics.median(load) * 1000:.0f} ms")

    grades = _timed(lambda: [score_markdown(a.body) for a in content.guides], runs=5)
    print(f"readability of all guides: median {statistics.median(grades) * 1000:.0f} ms")

    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        builds = _timed(
            lambda: build_site(config.mkdocs_config, config.content_dir, site, strict=True),
            runs=3,
        )
    print(
        "strict site build: "
        + ", ".join(f"{s:.2f} s" for s in builds)
        + " (first, then rebuilds over an existing site)"
    )


if __name__ == "__main__":
    main()
