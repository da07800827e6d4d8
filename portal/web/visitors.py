"""Who is asking, as a key that changes every day: never the address or browser itself."""

from __future__ import annotations

from flask import request

from portal.readers.privacy import visitor_key
from portal.store.database import Store, utc_now
from portal.web.services import services


def current_visitor() -> str:
    """Today's key for this request's address and browser; raises StoreUnavailable."""
    store: Store = services().store
    salt = store.salt_for(utc_now().date())
    return visitor_key(
        salt, request.remote_addr or "unknown", request.headers.get("User-Agent", "")
    )
