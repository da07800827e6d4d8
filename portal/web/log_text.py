"""Request text made safe and short for the logs, so no request can swell them or forge a line.

A path, a method or an error message comes from whoever sent the request: each is written on
one line, with unprintable characters escaped, and cut to a fixed length with its full length
noted. A traceback keeps a fixed number of lines.
"""

from __future__ import annotations

import traceback

LOG_CHARS = 200  # of a path or any other request text: enough to recognise it
LINE_CHARS = 300  # of one traceback line (its last line carries the error's message)
TRACEBACK_LINES = 120  # a Flask traceback is about 60 lines; a chained one twice that


def _shown(character: str) -> str:
    """A printable character as itself, any other as its Python escape (\\n, \\x00, \\ud800)."""
    if character.isprintable():
        return character
    return character.encode("unicode_escape", "backslashreplace").decode("ascii")


def loggable(text: str, limit: int = LOG_CHARS) -> str:
    """`text` on one line, escaped and at most `limit` characters, plus its length when cut."""
    shown = "".join(_shown(character) for character in text[:limit])
    if len(shown) <= limit and len(text) <= limit:
        return shown
    return f"{shown[:limit]}… ({len(text):,} characters)"


def loggable_traceback(error: BaseException) -> str:
    """The error's traceback, each line loggable and at most TRACEBACK_LINES of them."""
    lines = [
        loggable(line, LINE_CHARS)
        for line in "".join(traceback.format_exception(error)).splitlines()
    ]
    if len(lines) > TRACEBACK_LINES:
        head, tail = TRACEBACK_LINES // 4, TRACEBACK_LINES - TRACEBACK_LINES // 4
        left_out = len(lines) - head - tail
        lines = [*lines[:head], f"... {left_out:,} lines left out ...", *lines[-tail:]]
    return "\n".join(lines)
