"""A request's JSON body, read once and safely: its type, its size, its depth and its text.

Refused plainly (a 4xx, nothing stored): another content type, a body over the limit, broken
JSON, NaN or Infinity, and lists or objects nested deeper than MAX_DEPTH (json.loads would
otherwise recurse until Python gives up). Text that cannot be stored, lone surrogates such as
"\\ud800" (no UTF-8 for them) and NUL (refused by PostgreSQL), becomes U+FFFD.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import request

from portal.errors import PlainhelpError

MAX_DEPTH = 16  # what the portal accepts is one flat object; this leaves room and stops recursion
REPLACEMENT = "\ufffd"
TOO_LARGE = "This request is too large. Please keep comments short."
NOT_JSON = "The request is not valid JSON."
TOO_DEEP = (
    f"The request has lists or objects nested more than {MAX_DEPTH} deep. "
    "Send one JSON object with plain values."
)

# A JSON string (possibly unfinished) or a bracket; strings are skipped when counting depth.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)
# Surrogates left after json.loads are lone ones (pairs are joined into one character).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class BodyError(PlainhelpError, ValueError):
    """The body cannot be read as the JSON the address takes; `status` says how (4xx)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def read_json(limit: int, accept_text: bool = False) -> Any:
    """The request's JSON (at most `limit` bytes); text/plain too when `accept_text` (beacons)."""
    allowed = {"application/json"} | ({"text/plain"} if accept_text else set())
    if request.mimetype not in allowed:
        raise BodyError(
            "Send the answer as JSON, with the header Content-Type: application/json.", 415
        )
    if request.content_length is not None and request.content_length > limit:
        raise BodyError(TOO_LARGE, 413)
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        raise BodyError(TOO_LARGE, 413)
    return parse_json(data)


def parse_json(data: bytes) -> Any:
    """`data` as JSON with storable text, or a BodyError: never a RecursionError or a 500."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyError(NOT_JSON) from None
    if nesting_depth(text) > MAX_DEPTH:
        raise BodyError(TOO_DEEP)
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise BodyError(NOT_JSON) from None
    return storable(value)


def nesting_depth(text: str) -> int:
    """How deep lists and objects nest in `text`, counted without parsing (so without recursion).

    Brackets inside strings do not count; for broken JSON the count may be too high, never
    too low, so json.loads never meets more nesting than this says.
    """
    depth = deepest = 0
    for token in _TOKENS.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                break
        elif bracket in ("]", "}"):
            depth -= 1
    return deepest


def storable(value: Any) -> Any:
    """`value` with every string (keys too) cleaned of what no database or UTF-8 can keep."""
    if isinstance(value, str):
        return _UNSTORABLE.sub(REPLACEMENT, value)
    if isinstance(value, list):
        return [storable(item) for item in value]
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
