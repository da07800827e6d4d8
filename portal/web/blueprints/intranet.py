"""The intranet search box: the snippet other sites paste in, shown running on a page of its own.

The snippet's script is a site asset (portal/writing/theme/assets/intranet-box.js, served at
/assets/intranet-box.js); its results come from /api/search, which answers other origins only
when they are listed in KB_CORS_ORIGINS (portal/web/blueprints/search.py). The script asks
/api/intranet-box/allowed once first: a refused cross-origin request is an error in the host
page's console, and that answer is readable from every origin.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, jsonify, render_template, request
from jinja2 import Environment, FileSystemLoader

from portal.web.services import services

intranet = Blueprint("intranet", __name__)

# Its own small environment, so the docs' copy and the tests can render it without an app.
_SNIPPET = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent.parent / "templates"),
    autoescape=True,
).get_template("intranet-snippet.html")


def snippet(base: str) -> str:
    """The HTML an intranet editor pastes; `base` is the help center's address."""
    return _SNIPPET.render(base=base.rstrip("/")).strip()


def _allowed_origins() -> int | str:
    origins = services().config.cors_origins
    return "every" if "*" in origins else len(origins)


@intranet.get("/intranet-box")
def example_page() -> Response:
    """The box running on this page, and the same code to copy with this portal's address in it."""
    content = render_template(
        "intranet-box.html", snippet=snippet(request.url_root), origins=_allowed_origins()
    )
    title = f"A search box for your intranet - {services().site_name}"
    html = services().frame.render(title, content)
    return Response(
        html, content_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"}
    )


def _origin_allowed(origin: str) -> bool:
    """No Origin header: the portal's own page (a same-origin GET sends none)."""
    if not origin:
        return True
    origins = services().config.cors_origins
    return "*" in origins or origin.rstrip("/") in origins


@intranet.get("/api/intranet-box/allowed")
def allowed() -> Response:
    """Whether the asking page's origin may search, readable by any origin (and nothing else)."""
    response = jsonify(allowed=_origin_allowed(request.headers.get("Origin", "")))
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "Origin"
    return response
