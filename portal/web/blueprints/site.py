"""Serve the built MkDocs site: right content types, caching that fits each file, the site's 404."""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from flask import Blueprint, Response, redirect, request, send_from_directory
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

from portal.web.services import services

site = Blueprint("site", __name__)

# Material names its bundles with a content hash (bundle.a5f9d56c.min.js): safe to cache for a year.
_FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?(?:js|css)$")
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=3600"
HTML_CACHE = "no-cache"  # always revalidate (cheap with ETags) so a rebuild shows at once

for _type, _ext in (
    ("text/javascript", ".js"),
    ("text/css", ".css"),
    ("image/svg+xml", ".svg"),
    ("application/json", ".json"),
    ("application/manifest+json", ".webmanifest"),
    ("font/woff2", ".woff2"),
    ("application/xml", ".xml"),
    ("application/opensearchdescription+xml", ".osdx"),
):
    mimetypes.add_type(_type, _ext)


def _site_dir() -> Path:
    """The build the site link points at now: resolved once per request, so one answer comes
    from one build even when `kb build` swaps the link meanwhile."""
    return Path(services().config.site_dir).resolve()


def cache_control_for(path: str) -> str:
    """How long a browser may keep a file of the site."""
    if path.endswith(".html"):
        return HTML_CACHE
    if _FINGERPRINTED.search(path):
        return LONG_CACHE
    return SHORT_CACHE


def _send(root: Path, relative: str, status: int = 200) -> Response:
    response = send_from_directory(root, relative, conditional=status == 200, max_age=None)
    response.status_code = status if response.status_code == 200 else response.status_code
    if relative.endswith(".gz"):
        response.headers.pop("Content-Encoding", None)
        response.mimetype = "application/gzip"
    response.headers["Cache-Control"] = cache_control_for(relative)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def site_not_found() -> Response:
    """The site's own 404 page (Material's look, navigation and search), with status 404."""
    root = _site_dir()
    if (root / "404.html").is_file():
        response = _send(root, "404.html", status=404)
        response.headers["Cache-Control"] = "no-store"
        return response
    return Response(
        "This page does not exist.", status=404, content_type="text/plain; charset=utf-8"
    )


def _site_missing() -> Response:
    return Response(
        "The help center has not been built yet. Run `kb build`, then reload this page.",
        status=503,
        content_type="text/plain; charset=utf-8",
        headers={"Retry-After": "30", "Cache-Control": "no-store"},
    )


@site.route("/", defaults={"path": ""}, methods=["GET", "HEAD"])
@site.route("/<path:path>", methods=["GET", "HEAD"])
def serve(path: str) -> Response:
    """A file of the site, or a folder's index.html (MkDocs writes directory URLs)."""
    root = _site_dir()
    if not path and not (root / "index.html").is_file():
        if (root / "404.html").is_file():
            # A folder of Markdown with no index.md: the search page is a fair front door.
            return redirect("/search", code=302)  # type: ignore[return-value]
        return _site_missing()
    target = safe_join(str(root), path) if path else str(root)
    if target is None:
        raise NotFound()
    target_path = Path(target)
    if target_path.is_dir():
        if path and not path.endswith("/"):
            query = f"?{request.query_string.decode()}" if request.query_string else ""
            return redirect(f"/{path}/{query}", code=308)  # type: ignore[return-value]
        index = target_path / "index.html"
        if index.is_file():
            return _send(root, index.relative_to(root).as_posix())
        raise NotFound()
    if target_path.is_file():
        return _send(root, path)
    raise NotFound()
