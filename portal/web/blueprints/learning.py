"""Lessons' checks and progress: `POST /api/answer` and `POST /api/progress`.

The portal works out whether an answer is right from the course in the content folder, so a
client can only say which options it chose. Bad input gets a 4xx with a plain sentence and
nothing is stored; a store that is down gets a 503 with Retry-After, as feedback does.
Completion records (KB_COMPLETION_HEADER) are written only behind a trusted proxy.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue

from portal.guides.courses import Course, courses_of
from portal.readers.lessons import (
    MAX_BODY_BYTES,
    parse_check_answer,
    parse_progress,
    person_from_header,
)
from portal.store.database import CheckAnswer, Completion, Store, utc_now
from portal.web.json_body import read_json
from portal.web.reader_limits import PerContent, ReaderLimits, ready_visitor
from portal.web.services import services

learning_blueprint = Blueprint("learning", __name__)
LIMITS = "plainhelp-learning"
# A reader going through a course sends a few answers and two marks per lesson, and a class
# may take it together behind one address: more room than feedback, still bounded.
PER_VISITOR_FACTOR = 3
PER_ADDRESS_FACTOR = 10


@dataclass
class Learning:
    limits: ReaderLimits
    courses: PerContent[list[Course]]


@learning_blueprint.record_once
def _set_up(state: BlueprintSetupState) -> None:
    """Limits from the app's shared limit storage; a warning if records cannot be kept."""
    app = state.app
    assert isinstance(app, Flask)
    found = services(app)
    config = found.config
    app.extensions[LIMITS] = Learning(
        ReaderLimits.of(found, "learning", PER_VISITOR_FACTOR, PER_ADDRESS_FACTOR),
        PerContent(courses_of),
    )
    if config.completion_header and not config.proxies:
        app.logger.warning(
            "KB_COMPLETION_HEADER is %s, but KB_PROXIES is 0, so no proxy is trusted to set it: "
            "no completion records are kept. Set KB_PROXIES to the number of proxies in front "
            "of the portal (see docs/operating.md).",
            config.completion_header,
        )


def _learning() -> Learning:
    found: Learning = current_app.extensions[LIMITS]
    return found


def _store() -> Store:
    return services().store


def _courses() -> list[Course]:
    return _learning().courses.of(services().guides.get())


def _person() -> str | None:
    """The signed-in person the trusted proxy named, only while completion records are on."""
    config = services().config
    if not config.completion_header or not config.proxies:
        return None
    return person_from_header(request.headers.get(config.completion_header))


@learning_blueprint.post("/api/answer")
def api_answer() -> ResponseReturnValue:
    """Keep one answer to a check question; say whether it was right."""
    answer = parse_check_answer(read_json(MAX_BODY_BYTES), _courses())
    visitor = ready_visitor()
    too_many = _learning().limits.refusal(visitor)
    if too_many:
        return too_many
    _store().save_check_answer(
        CheckAnswer(
            day=utc_now().date(),
            visitor=visitor.key,
            lesson=answer.lesson,
            question=answer.question,
            chosen=answer.chosen,
            right=answer.right,
            first_try=answer.first_try,
        )
    )
    return jsonify(saved=True, right=answer.right), 201


@learning_blueprint.post("/api/progress")
def api_progress() -> ResponseReturnValue:
    """Note a lesson opened or finished; the last lesson finished records a completion when on."""
    mark = parse_progress(read_json(MAX_BODY_BYTES), _courses())
    visitor = ready_visitor()
    too_many = _learning().limits.refusal(visitor)
    if too_many:
        return too_many
    today = utc_now().date()
    _store().save_progress(today, visitor.key, mark.lesson, mark.event)
    person = _person() if mark.finishes is not None else None
    if person is not None and mark.finishes is not None:
        _store().record_completion(Completion(person, mark.finishes.path, today))
    return jsonify(saved=True), 201


@learning_blueprint.get("/api/answer")
@learning_blueprint.get("/api/progress")
def only_post() -> ResponseReturnValue:
    """Say what the address accepts, instead of the site's "nothing here"."""
    message = "This address accepts answers sent with POST and a JSON body."
    return jsonify(error=message), 405, {"Allow": "POST"}


@learning_blueprint.after_request
def allow_post_only(response: Response) -> Response:
    """OPTIONS names POST only: GET is routed here only to refuse it in words."""
    if request.method == "OPTIONS":
        response.headers["Allow"] = "OPTIONS, POST"
    return response
