"""`GET /healthz`: what a load balancer or an operator checks first."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from portal.web.services import services

health = Blueprint("health", __name__)
log = logging.getLogger("portal.web.health")


@health.get("/healthz")
def healthz() -> ResponseReturnValue:
    """503 without a site (nothing to serve); "degraded" when search or the store is missing."""
    site_dir = services().config.site_dir
    site_ok, site_note = _checked("site", lambda: _site(site_dir))
    search_ok, search_note = _checked("search", services().index.status)
    store_ok, store_note = _checked("store", services().store.status)
    checks = {"site": site_note, "search": search_note, "store": store_note}
    if not site_ok:
        status, code = "unavailable", 503
    elif not (search_ok and store_ok):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return jsonify(status=status, checks=checks), code, {"Cache-Control": "no-store"}


def _site(site_dir: Path) -> tuple[bool, str]:
    if (site_dir / "index.html").is_file() or (site_dir / "404.html").is_file():
        return True, "ok"
    return False, f"no built site in {site_dir}; run `kb build`"


def _checked(part: str, check: Callable[[], tuple[bool, str]]) -> tuple[bool, str]:
    """One part's check; a check that fails in a way nobody foresaw is "not ok", never a 500."""
    try:
        return check()
    except Exception:
        log.exception("The health check of %s failed", part)
        return False, f"the {part} could not be checked (see the log)"
