"""`GET /healthz`: what a load balancer or an operator checks first."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from portal.web.services import services

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz() -> ResponseReturnValue:
    """503 without a site (nothing to serve); "degraded" when search or the store is missing."""
    site_dir = services().config.site_dir
    site_ok = (site_dir / "index.html").is_file() or (site_dir / "404.html").is_file()
    search_ok, search_note = services().index.status()
    store_ok, store_note = services().store.status()
    checks = {
        "site": "ok" if site_ok else f"no built site in {site_dir}; run `kb build`",
        "search": search_note,
        "store": store_note,
    }
    if not site_ok:
        status, code = "unavailable", 503
    elif not (search_ok and store_ok):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return jsonify(status=status, checks=checks), code, {"Cache-Control": "no-store"}
