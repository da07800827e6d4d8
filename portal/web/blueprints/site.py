"""Serve the built MkDocs site: right content types, caching that fits each file, the site's 404.

Any address the file system cannot look up (a name over 255 bytes, a NUL, `..`, a loop of
links) is not in the site: the site's own 404, never a 500.
"""

from __future__ import annotations

import mimetypes
import re
import stat
from pathlib import Path
from typing import Literal
from urllib.parse import quote_from_bytes

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


def _kind(target: Path) -> Literal["folder", "file"] | None:
    """What is at `target`; None when nothing is, or when the file system cannot even look
    (ENAMETOOLONG, a NUL byte, characters it cannot encode, a loop of links)."""
    try:
        mode = target.stat().st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else None


def _inside(root: Path, path: str) -> Path | None:
    """`path` under the site's folder, or None when it would leave it (`..`, an absolute path)."""
    if not path:
        return root
    joined = safe_join(str(root), path)
    return None if joined is None else Path(joined)


def _query() -> str:
    """The query string to carry over a redirect, as ASCII whatever bytes were sent."""
    if not request.query_string:
        return ""
    return "?" + quote_from_bytes(request.query_string, safe="/?:@!$&'()*+,;=%~")


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
    target = _inside(root, path)
    kind = None if target is None else _kind(target)
    if target is not None and kind == "folder":
        if path and not path.endswith("/"):
            return redirect(f"/{path}/{_query()}", code=308)  # type: ignore[return-value]
        index = target / "index.html"
        if _kind(index) == "file":
            return _send(root, index.relative_to(root).as_posix())
    if kind == "file":
        return _send(root, path)
    raise NotFound()
