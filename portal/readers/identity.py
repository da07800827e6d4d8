"""Who sent an answer, as keys that change every day: one for the network address, one for
the reader behind it.

Limits need both. A reader is an address plus a browser (and the random name the widget keeps
in the browser, so a whole office with identical browsers behind one address is still many
readers). Anyone can change their browser's name, so the address alone bounds what one place
can send; the report also counts only a few votes per address, guide and day.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from portal.store.schema import NETWORK_CHARS

READER_CHARS = 32
# The widget's random name for this browser: letters, digits, - and _ (anything else is ignored).
_READER_NAME = re.compile(r"[A-Za-z0-9_-]{8,64}")


@dataclass(frozen=True)
class Visitor:
    """Today's keys for one request: neither can be turned back into an address or a browser."""

    network: str  # the address alone: shared by everyone behind one proxy or NAT
    key: str  # network + reader: the same reader all day, unlinkable tomorrow


def _digest(salt: bytes, *parts: str) -> str:
    message = "\n".join(parts).encode("utf-8", "replace")
    return hmac.new(salt, message, hashlib.sha256).hexdigest()


def visitor_for(salt: bytes, address: str, browser: str, reader_name: str = "") -> Visitor:
    """The keys for an address, a browser's name and the widget's name for the browser."""
    network = _digest(salt, "network", address)[:NETWORK_CHARS]
    name = reader_name if _READER_NAME.fullmatch(reader_name) else ""
    reader = _digest(salt, "reader", address, browser, name)[:READER_CHARS]
    return Visitor(network=network, key=network + reader)
