"""Put the preview's script, styles and banner into an HTML page as it is served.

Done on the way out, never at build time: the built site and normal `kb serve` stay free of
them. Everything added is a same-origin file or plain markup, so the strict CSP still holds.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_ARTICLE = re.compile(r"<article\b[^>]*\bmd-content__inner\b[^>]*>", re.IGNORECASE)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def head_tags(static: str, events: str, generation: str) -> Markup:
    """The dev-only stylesheet and script; the script learns which build this page is from."""
    return Markup(
        f'<link rel="stylesheet" href="{escape(static)}preview.css">'
        f'<script src="{escape(static)}live.js" data-events="{escape(events)}" '
        f'data-generation="{escape(generation)}" defer></script>'
    )


def inject(html: str, head: str, banner: str) -> str:
    """The page with `head` before </head> and `banner` at the top of the guide (or body)."""
    head, banner = str(head), str(banner)  # plain text: Markup + str would escape the page
    end = _HEAD_END.search(html)
    if end:
        html = html[: end.start()] + head + html[end.start() :]
    if banner:
        place = _ARTICLE.search(html) or _BODY.search(html)
        if place:
            html = html[: place.end()] + banner + html[place.end() :]
    return html
