"""Troubleshooters' steps: `POST /api/troubleshooters/steps`, counted for the writers' report.

The page sends one step per question shown, one when an answer ends at a guide or the service
desk, and one when "Still stuck?" is used after it; it stays silent when a step is refused.
Each step is checked against the troubleshooter in the content folder, so only real ways
through a tree are kept. Bad input gets a 4xx with a plain sentence and nothing is stored; a
store that is down gets a 503 with Retry-After, as feedback does.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue

from portal.guides.troubleshooters import Troubleshooter, troubleshooters_of
from portal.readers.steps import MAX_BODY_BYTES, parse_step
from portal.store.database import Step, Store, utc_now
from portal.web.json_body import read_json
from portal.web.reader_limits import PerContent, ReaderLimits, ready_visitor
from portal.web.services import services

troubleshooters_blueprint = Blueprint("troubleshooters", __name__)
STEPS = "plainhelp-troubleshooter-steps"
PATH = "/api/troubleshooters/steps"
# One way through a tree is a step per question (four at most), an ending and perhaps
# "Still stuck?"; Back and forward again add more. Room for a few trees a minute per reader,
# and for an office behind one address, as lessons have.
PER_VISITOR_FACTOR = 3
PER_ADDRESS_FACTOR = 10


@dataclass
class Counting:
    limits: ReaderLimits
    trees: PerContent[list[Troubleshooter]]


@troubleshooters_blueprint.record_once
def _set_up(state: BlueprintSetupState) -> None:
    """Limits from the app's shared limit storage (memory, or Redis for many workers)."""
    app = state.app
    assert isinstance(app, Flask)
    found = services(app)
    app.extensions[STEPS] = Counting(
        ReaderLimits.of(found, "troubleshooter-steps", PER_VISITOR_FACTOR, PER_ADDRESS_FACTOR),
        PerContent(troubleshooters_of),
    )


def _counting() -> Counting:
    found: Counting = current_app.extensions[STEPS]
    return found


def _store() -> Store:
    return services().store


@troubleshooters_blueprint.post(PATH)
def api_steps() -> ResponseReturnValue:
    """Count one step through a troubleshooter; 204 whether it was new or seen today already."""
    trees = _counting().trees.of(services().guides.get())
    step = parse_step(read_json(MAX_BODY_BYTES), trees)
    visitor = ready_visitor()
    too_many = _counting().limits.refusal(visitor)
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
