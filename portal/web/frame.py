"""The site's look for pages the portal makes: the built 404 page, with its middle replaced.

The theme's 404.html marks its content with `<!-- kb:content -->` markers; everything around
them (header, navigation, search box, scripts) is the real site, built by MkDocs.

A title is often a reader's own words (`Search: C:\\Users\\me`): it is put in by slicing, never
as a regular-expression replacement (where `\\U` or `\\g<0>` mean something), escaped, on one
line and without control characters.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from portal.reloading import Reloading, file_stamp
from portal.words import one_line

START, END = "<!-- kb:content -->", "<!-- /kb:content -->"
TITLE_CHARS = 300  # a search title holds a query of up to 200 characters and the site's name
_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)
# What HTML forbids in text and UTF-8 cannot carry: control characters other than HTML's
# whitespace (tab, line feed, form feed, carriage return), lone surrogates, noncharacters.
_NONCHARACTERS = "".join(
    chr(plane + last) for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)
)
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]"
)

# The frame (404.html) has no table of contents, so Material writes no "Skip to content";
# the portal's pages get one, to their content, past the header and the navigation.
_EMPTY_SKIP = re.compile(r'<div data-md-component="skip">\s*</div>')
CONTENT_ID = "kb-content"
_SKIP = (
    '<div data-md-component="skip">'
    f'<a href="#{CONTENT_ID}" class="md-skip">Skip to content</a></div>'
)

_FALLBACK = (
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Help</title></head>
<body><main>"""
    + START
    + END
    + """</main></body></html>"""
)


def html_text(text: str) -> str:
    """`text` without the characters HTML forbids and UTF-8 cannot carry (see _NOT_TEXT)."""
    return _NOT_TEXT.sub("", text)


def page_title(title: str) -> str:
    """A title as the browser's tab shows it: one line, only real text, at most TITLE_CHARS."""
    title = html_text(one_line(title))
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


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
        """A full page in the site's look; `content` must already be safe HTML (characters HTML
        forbids are dropped from it); `title` is plain text, escaped here."""
        before, after = self._parts.get()
        found = _TITLE.search(before)
        if found:
            tag = f"<title>{escape(page_title(title))}</title>"
            before = before[: found.start()] + tag + before[found.end() :]
        skip = _EMPTY_SKIP.search(before)
        if skip:
            before = before[: skip.start()] + _SKIP + before[skip.end() :]
        return f'{before}{START}\n<div id="{CONTENT_ID}">{html_text(content)}</div>\n{END}{after}'
