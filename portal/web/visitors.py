"""Who is asking, as keys that change every day: never the address or browser itself."""

from __future__ import annotations

from flask import request

from portal.readers.identity import Visitor, visitor_for
from portal.store.database import Store, utc_now
from portal.web.services import services

# The widget's random name for this browser (see portal.readers.identity).
READER_HEADER = "X-Plainhelp-Reader"


def current_visitor() -> Visitor:
    """Today's keys for this request's address and browser; raises StoreUnavailable."""
    store: Store = services().store
    salt = store.salt_for(utc_now().date())
    return visitor_for(
        salt,
        request.remote_addr or "unknown",
        request.headers.get("User-Agent", ""),
        request.headers.get(READER_HEADER, ""),
    )
