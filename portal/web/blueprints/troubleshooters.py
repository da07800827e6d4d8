"""Troubleshooters' steps: `POST /api/troubleshooters/steps`, counted for the writers' report.

The page sends one step per question shown, one when an answer ends at a guide or the service
desk, and one when "Still stuck?" is used after it; it stays silent when a step is refused.
Each step is checked against the troubleshooter in the content folder, so only real ways
through a tree are kept. Bad input gets a 4xx with a plain sentence and nothing is stored; a
store that is down gets a 503 with Retry-After, as feedback does.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue

from portal.guides.articles import Content
from portal.guides.troubleshooters import Troubleshooter, troubleshooters_of
from portal.readers.identity import Visitor
from portal.readers.ratelimit import RateLimiter
from portal.readers.steps import MAX_BODY_BYTES, parse_step
from portal.store.database import Step, Store, StoreUnavailable, utc_now
from portal.web.json_body import read_json
from portal.web.services import HOUR, services
from portal.web.visitors import current_visitor

troubleshooters_blueprint = Blueprint("troubleshooters", __name__)
STEPS = "plainhelp-troubleshooter-steps"
PATH = "/api/troubleshooters/steps"
# One way through a tree is a step per question (four at most), an ending and perhaps
# "Still stuck?"; Back and forward again add more. Room for a few trees a minute per reader,
# and for an office behind one address, as lessons have.
PER_VISITOR_FACTOR = 3
PER_ADDRESS_FACTOR = 10


@dataclass
class StepLimits:
    """What one reader may send per minute and one network address per hour."""

    reader: RateLimiter
    address: RateLimiter


class TreeCache:
    """The troubleshooters of the content the portal rereads once a minute, parsed once per load."""

    def __init__(self) -> None:
        self._content: Content | None = None
        self._trees: list[Troubleshooter] = []
        self._lock = threading.Lock()

    def trees(self, content: Content) -> list[Troubleshooter]:
        with self._lock:
            if content is not self._content:
                self._trees = troubleshooters_of(content)
                self._content = content
            return self._trees


@dataclass
class Counting:
    limits: StepLimits
    trees: TreeCache


@troubleshooters_blueprint.record_once
def _set_up(state: BlueprintSetupState) -> None:
    """Limits from the app's shared limit storage (memory, or Redis for many workers)."""
    app = state.app
    assert isinstance(app, Flask)
    found = services(app)
    config = found.config
    app.extensions[STEPS] = Counting(
        StepLimits(
            reader=RateLimiter(
                config.feedback_per_minute * PER_VISITOR_FACTOR,
                name="troubleshooter-steps",
                storage=found.limits,
            ),
            address=RateLimiter(
                config.feedback_per_address_per_hour * PER_ADDRESS_FACTOR,
                HOUR,
                name="address-troubleshooter-steps",
                storage=found.limits,
            ),
        ),
        TreeCache(),
    )


def _counting() -> Counting:
    found: Counting = current_app.extensions[STEPS]
    return found


def _store() -> Store:
    return services().store


def _ready() -> Visitor:
    """Today's visitor, once the store can take the step (raises StoreUnavailable: a 503)."""
    visitor = current_visitor()  # the daily key needs the store
    if _store().seems_down:  # a step that cannot be stored must not use a place
        raise StoreUnavailable("the store was unreachable a moment ago")
    return visitor


def _limited(visitor: Visitor) -> ResponseReturnValue | None:
    """A 429 when this reader, or everyone at this address together, sent too many."""
    limits = _counting().limits
    if not limits.reader.allow(visitor.key):
        message = "You have sent many answers in a short time. Please wait a minute and try again."
        return _too_many(message, limits.reader.retry_after(visitor.key))
    if not limits.address.allow(visitor.network):
        message = (
            "Many answers came from your network in the last hour, so we cannot take more "
            "for now. Please try again later."
        )
        return _too_many(message, limits.address.retry_after(visitor.network))
    return None


def _too_many(message: str, seconds: int) -> ResponseReturnValue:
    return jsonify(error=message), 429, {"Retry-After": str(seconds)}


@troubleshooters_blueprint.post(PATH)
def api_steps() -> ResponseReturnValue:
    """Count one step through a troubleshooter; 204 whether it was new or seen today already."""
    trees = _counting().trees.trees(services().guides.get())
    step = parse_step(read_json(MAX_BODY_BYTES), trees)
    visitor = _ready()
    too_many = _limited(visitor)
    if too_many:
        return too_many
    _store().save_step(
        Step(
            day=utc_now().date(),
            visitor=visitor.key,
            troubleshooter=step.troubleshooter,
            questions=step.questions,
            ending=step.ending,
            guide=step.guide,
        )
    )
    return "", 204


@troubleshooters_blueprint.get(PATH)
def only_post() -> ResponseReturnValue:
    """Say what the address accepts, instead of the site's "nothing here"."""
    message = "This address accepts steps sent with POST and a JSON body."
    return jsonify(error=message), 405, {"Allow": "POST"}


@troubleshooters_blueprint.after_request
def allow_post_only(response: Response) -> Response:
    """OPTIONS names POST only: GET is routed here only to refuse it in words."""
    if request.method == "OPTIONS":
        response.headers["Allow"] = "OPTIONS, POST"
    return response
