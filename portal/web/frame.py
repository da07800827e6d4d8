"""The site's look for pages the portal makes: the built 404 page, with its middle replaced.

The theme's 404.html marks its content with `<!-- kb:content -->` markers; everything around
them (header, navigation, search box, scripts) is the real site, built by MkDocs.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from portal.reloading import Reloading, file_stamp

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


def _split(html: str) -> tuple[str, str]:
    if START not in html or END not in html:
        html = _FALLBACK
    before, _, rest = html.partition(START)
    return before, rest.partition(END)[2]


class PageFrame:
    """Reads the frame once per rebuild of the site (the file's stamp is checked on each use,
    through the `site` link, so a swapped build counts as a change)."""

    def __init__(self, site_dir: Path) -> None:
        self.path = site_dir / "404.html"
        self._parts = Reloading(self._read, lambda: file_stamp(self.path))

    def _read(self, stamp: object) -> tuple[str, str]:
        if stamp is None:
            return _split(_FALLBACK)
        return _split(self.path.read_text(encoding="utf-8"))

    def render(self, title: str, content: str) -> str:
        """A full page in the site's look; `content` must already be safe HTML."""
        before, after = self._parts.get()
        before = _TITLE.sub(f"<title>{escape(title)}</title>", before, count=1)
        return f"{before}{START}\n{content}\n{END}{after}"
