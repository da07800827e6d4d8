"""Readers' answers and clicks: `POST /api/feedback` and `POST /api/click`.

Bad input gets a 4xx with a plain sentence and nothing is stored; a database that is down
gets a 503, never a 500.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue

from portal.readers.feedback import MAX_BODY_BYTES, FeedbackError, guide_path, parse_answer
from portal.readers.identity import Visitor
from portal.store.database import Store, StoreUnavailable, Vote, utc_now
from portal.web import metrics
from portal.web.json_body import read_json
from portal.web.services import services
from portal.web.visitors import current_visitor
from search import IndexUnavailable

feedback_blueprint = Blueprint("feedback", __name__)
THANKS = "Thank you. The people who write these guides read every answer and comment."
MAX_CLICK_BYTES = 1024


def _store() -> Store:
    return services().store


def is_guide(path: str) -> bool:
    """A guide the search index knows; the built site answers when the index is rebuilding."""
    try:
        return path in services().index.engine().by_path
    except IndexUnavailable:
        site: Path = services().config.site_dir
        return bool(path) and ".." not in path and (site / path / "index.html").is_file()


def _json_body(limit: int, accept_text: bool = False) -> Any:
    """The request's JSON, refusing other types, oversized, too deeply nested or broken JSON
    plainly; lone surrogates and NUL in its text are replaced before anything is stored."""
    return read_json(limit, accept_text)


def _limited(visitor: Visitor, kind: str = "feedback") -> ResponseReturnValue | None:
    """A 429 answer when this reader, or everyone at this address together, sent too many.

    Each check also counts, in one step, so answers sent at the same moment cannot all slip
    under the limit. A vote the store then refuses (503) has still used its place.
    """
    limits = services().address_limits
    if kind == "feedback":
        reader, address = services().feedback_limiter, limits.feedback
    else:
        reader, address = services().click_limiter, limits.clicks
    if not reader.allow(visitor.key):
        message = "You have sent many answers in a short time. Please wait a minute and try again."
        return _too_many(message, reader.retry_after(visitor.key))
    if not address.allow(visitor.network):
        message = (
            "Many answers came from your network in the last hour, so we cannot take more "
            "just now. Please try again later."
        )
        return _too_many(message, address.retry_after(visitor.network))
    return None


def _too_many(message: str, seconds: int) -> ResponseReturnValue:
    return jsonify(error=message), 429, {"Retry-After": str(seconds)}


@feedback_blueprint.post("/api/feedback")
def api_feedback() -> ResponseReturnValue:
    """Store one answer to "Was this helpful?"; the same visitor's later answer replaces it.

    The answer repeats the comment as stored (screened), so the page can carry exactly that into
    "Still stuck?" and never the words as typed.
    """
    payload = _json_body(MAX_BODY_BYTES)
    answer = parse_answer(payload, is_guide)
    visitor = current_visitor()
    if _store().seems_down:  # a vote that cannot be stored must not use a place under the limit
        raise StoreUnavailable("the store was unreachable a moment ago")
    too_many = _limited(visitor)
    if too_many:
        return too_many
    now = utc_now()
    replaced = _store().save_vote(
        Vote(
            guide=answer.guide,
            visitor=visitor.key,
            day=now.date(),
            helpful=answer.helpful,
            reason=answer.reason,
            comment=answer.comment,
            created=now.replace(second=0, microsecond=0),
        )
    )
    metrics.count_feedback(answer.helpful)
    return jsonify(saved=True, replaced=replaced, comment=answer.comment, message=THANKS), 201


@feedback_blueprint.post("/api/click")
def api_click() -> ResponseReturnValue:
    """Record which search result was opened (sent with navigator.sendBeacon)."""
    payload = _json_body(MAX_CLICK_BYTES, accept_text=True)
    if not isinstance(payload, dict) or set(payload) - {"search", "position", "page"}:
        raise FeedbackError("Send one JSON object with search, position and page.")
    token, position, page = payload.get("search"), payload.get("position"), payload.get("page")
    if not isinstance(token, str) or not 1 <= len(token) <= 32:
        raise FeedbackError('"search" must be the search_id the search answered with.')
    if isinstance(position, bool) or not isinstance(position, int) or not 1 <= position <= 100:
        raise FeedbackError('"position" must be a whole number from 1 to 100.')
    guide = guide_path(page) if isinstance(page, str) else ""
    if not guide or not is_guide(guide):
        raise FeedbackError("There is no guide at that address.")
    too_many = _limited(current_visitor(), "click")
    if too_many:
        return too_many
    if not _store().add_click(token, position, guide, utc_now()):
        raise FeedbackError("That search is not known, so the click was not counted.")
    metrics.count_click()
    return "", 204


@feedback_blueprint.get("/api/feedback")
@feedback_blueprint.get("/api/click")
def only_post() -> ResponseReturnValue:
    """Say what the address accepts, instead of the site's "nothing here"."""
    message = "This address accepts answers sent with POST and a JSON body."
    return jsonify(error=message), 405, {"Allow": "POST"}


@feedback_blueprint.after_request
def allow_post_only(response: Response) -> Response:
    """OPTIONS names POST only: GET is routed here only to refuse it in words."""
    if request.method == "OPTIONS":
        response.headers["Allow"] = "OPTIONS, POST"
    return response
