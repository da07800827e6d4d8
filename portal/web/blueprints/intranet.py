"""The intranet search box: the snippet other sites paste in, shown running on a page of its own.

The snippet's script is a site asset (portal/writing/theme/assets/intranet-box.js, served at
/assets/intranet-box.js); its suggestions come from /api/suggest, which answers other origins
only when they are listed in KB_CORS_ORIGINS (portal/web/blueprints/search.py).
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, render_template, request
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
