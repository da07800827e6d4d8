"""`GET /api/status`: the announcement every page shows at its top, or null.

It must answer even when the store is down (the file alone decides then), so nothing here
lets an error through: a banner is never worth a 5xx.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from portal.announcements.board import Board, as_json
from portal.web.services import services

status_blueprint = Blueprint("status", __name__)

CACHE_CONTROL = "public, max-age=30"


@status_blueprint.get("/api/status")
def status() -> ResponseReturnValue:
    board: Board = services().announcements
    try:
        announcement = board.current()
    except Exception:  # Board.current never raises; this is the last guard of "never a 5xx"
        current_app.logger.exception("The announcement could not be worked out.")
        announcement = None
    response = jsonify(as_json(announcement))
    response.headers["Cache-Control"] = CACHE_CONTROL
    # The banner script revalidates on every page view: a 304 costs a few bytes.
    response.add_etag()
    return response.make_conditional(request)
