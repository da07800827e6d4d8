"""`GET /healthz`: what a load balancer or an operator checks first."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """200 when the site is there to serve; 503 with the reason otherwise."""
    site_dir = current_app.config["KB"].site_dir
    site_ok = (site_dir / "index.html").is_file()
    checks = {"site": "ok" if site_ok else f"no built site in {site_dir}; run `kb build`"}
    status = 200 if site_ok else 503
    body = {"status": "ok" if status == 200 else "unavailable", "checks": checks}
    return jsonify(body), status, {"Cache-Control": "no-store"}
