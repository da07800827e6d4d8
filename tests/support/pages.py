"""Reading what a built page shows: the theme's "About N minutes" line."""

from __future__ import annotations

import re

TIME = re.compile(r'<p class="kb-time"[^>]*>.*?About (\d+) (minutes?)\s*</p>', re.DOTALL)


def minutes_on(html: str) -> tuple[int, str]:
    found = TIME.findall(html)
    assert len(found) == 1, found
    return int(found[0][0]), found[0][1]
