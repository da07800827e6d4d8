"""Who is asking, as a key that changes every day: never the address or browser itself."""

from __future__ import annotations

from flask import current_app, request

from portal.readers.privacy import visitor_key
from portal.store.database import Store, utc_now


def current_visitor() -> str:
    """Today's key for this request's address and browser; raises StoreUnavailable."""
    store: Store = current_app.extensions["kb.store"]
    salt = store.salt_for(utc_now().date())
    return visitor_key(
        salt, request.remote_addr or "unknown", request.headers.get("User-Agent", "")
    )
