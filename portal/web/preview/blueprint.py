"""The preview's own addresses (its script, its styles, the rebuild events) and the hooks that
add them to each page. Registered only by `kb serve --dev`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from flask import Blueprint, Flask, Response, current_app, g, request

from portal.web.preview.banner import failure_banner, findings_banner, shown_path
from portal.web.preview.pages import head_tags, inject

if TYPE_CHECKING:
    from portal.web.preview.running import Preview

EXTENSION = "plainhelp-preview"
STATIC = "/_preview/static/"
EVENTS = "/_preview/events"
HEARTBEAT_SECONDS = 15.0
# A stream ends after this long and the browser opens a new one, so no thread is held forever.
STREAM_SECONDS = 120.0

preview_blueprint = Blueprint(
    "preview", __name__, static_folder="static", static_url_path=STATIC.rstrip("/")
)


def running_preview() -> Preview:
    found: Preview = current_app.extensions[EXTENSION]
    return found


@preview_blueprint.get(EVENTS)
def events() -> Response:
    """Server-Sent Events: the build number now, then again each time it moves."""
    state = running_preview().state

    def stream() -> Iterator[str]:
        yield "retry: 1000\n\n"
        seen: str | None = None
        ends = time.monotonic() + STREAM_SECONDS
        while time.monotonic() < ends:
            now = state.wait_for_change(seen, HEARTBEAT_SECONDS)
            if now != seen:
                seen = now
                yield f"data: {now}\n\n"
            else:
                yield ": still here\n\n"

    return Response(
        stream(),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def install(app: Flask, preview: Preview) -> None:
    """Add the preview to an app: its addresses, and its script and banner on every page."""
    app.extensions[EXTENSION] = preview
    app.register_blueprint(preview_blueprint)

    @app.before_request
    def fresh_every_time() -> None:
        # The page must come from the build this number names: read it before the page.
        g.preview_generation = preview.state.generation
        # A browser's cached copy (from before --dev, or an older build) is never reused.
        for header in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"):
            request.environ.pop(header, None)

    @app.after_request
    def add_preview(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        if response.mimetype != "text/html" or request.method != "GET":
            return response
        if response.status_code not in (200, 404):
            return response
        response.direct_passthrough = False
        html = response.get_data(as_text=True)
        generation = getattr(g, "preview_generation", preview.state.generation)
        head = head_tags(STATIC, EVENTS, generation)
        response.set_data(inject(html, head, banner_for(preview, request.path)))
        response.headers.pop("ETag", None)
        response.headers.pop("Last-Modified", None)
        return response


def banner_for(preview: Preview, path: str) -> str:
    """Why the last save is not shown, else the writing check of this page's guide."""
    failure = preview.state.failure
    parts = [failure_banner(failure)] if failure else []
    source = preview.source_of(path)
    if source is not None:
        shown = shown_path(source, preview.content_dir)
        parts.append(findings_banner(preview.lint.findings(source), shown))
    return "".join(parts)
