"""The site's look for pages the portal makes: the built 404 page, with its middle replaced.

The theme's 404.html marks its content with `<!-- kb:content -->` markers; everything around
them (header, navigation, search box, scripts) is the real site, built by MkDocs.
"""

from __future__ import annotations

import re
import threading
from html import escape
from pathlib import Path

START, END = "<!-- kb:content -->", "<!-- /kb:content -->"
_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)

_FALLBACK = (
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Help</title></head>
<body><main>"""
    + START
    + END
    + """</main></body></html>"""
)


class PageFrame:
    """Reads the frame once per rebuild of the site (its modification time is checked)."""

    def __init__(self, site_dir: Path) -> None:
        self.path = site_dir / "404.html"
        self._cached: tuple[float, str, str] | None = None
        self._lock = threading.Lock()

    def _parts(self) -> tuple[str, str]:
        try:
            mtime = self.path.stat().st_mtime
        except OSError:
            before, _, after = _FALLBACK.partition(START)
            return before, after.partition(END)[2]
        with self._lock:
            if self._cached is None or self._cached[0] != mtime:
                html = self.path.read_text(encoding="utf-8")
                if START not in html or END not in html:
                    html = _FALLBACK
                before, _, rest = html.partition(START)
                self._cached = (mtime, before, rest.partition(END)[2])
            return self._cached[1], self._cached[2]

    def render(self, title: str, content: str) -> str:
        """A full page in the site's look; `content` must already be safe HTML."""
        before, after = self._parts()
        before = _TITLE.sub(f"<title>{escape(title)}</title>", before, count=1)
        return f"{before}{START}\n{content}\n{END}{after}"
