"""Lessons' checks and progress: `POST /api/answer` and `POST /api/progress`.

The portal works out whether an answer is right from the course in the content folder, so a
client can only say which options it chose. Bad input gets a 4xx with a plain sentence and
nothing is stored; a store that is down gets a 503 with Retry-After, as feedback does.
Completion records (KB_COMPLETION_HEADER) are written only behind a trusted proxy.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue

from portal.guides.articles import Content
from portal.guides.courses import Course, courses_of
from portal.readers.identity import Visitor
from portal.readers.lessons import (
    MAX_BODY_BYTES,
    parse_check_answer,
    parse_progress,
    person_from_header,
)
from portal.readers.ratelimit import RateLimiter
from portal.store.database import CheckAnswer, Completion, Store, StoreUnavailable, utc_now
from portal.web.json_body import read_json
from portal.web.services import HOUR, services
from portal.web.visitors import current_visitor

learning_blueprint = Blueprint("learning", __name__)
LIMITS = "plainhelp-learning"
# A reader going through a course sends a few answers and two marks per lesson, and a class
# may take it together behind one address: more room than feedback, still bounded.
PER_VISITOR_FACTOR = 3
PER_ADDRESS_FACTOR = 10


@dataclass
class LearningLimits:
    """What one reader may send per minute and one network address per hour."""

    reader: RateLimiter
    address: RateLimiter


class CourseCache:
    """The courses of the content the dashboard rereads once a minute, worked out once per load."""

    def __init__(self) -> None:
        self._content: Content | None = None
        self._courses: list[Course] = []
        self._lock = threading.Lock()

    def courses(self, content: Content) -> list[Course]:
        with self._lock:
            if content is not self._content:
                self._courses = courses_of(content)
                self._content = content
            return self._courses


@dataclass
class Learning:
    limits: LearningLimits
    courses: CourseCache


@learning_blueprint.record_once
def _set_up(state: BlueprintSetupState) -> None:
    """Limits from the app's shared limit storage; a warning if records cannot be kept."""
    app = state.app
    assert isinstance(app, Flask)
    found = services(app)
    config = found.config
    app.extensions[LIMITS] = Learning(
        LearningLimits(
            reader=RateLimiter(
                config.feedback_per_minute * PER_VISITOR_FACTOR,
                name="learning",
                storage=found.limits,
            ),
            address=RateLimiter(
                config.feedback_per_address_per_hour * PER_ADDRESS_FACTOR,
                HOUR,
                name="address-learning",
                storage=found.limits,
            ),
        ),
        CourseCache(),
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
    return _learning().courses.courses(services().guides.get())


def _ready() -> Visitor:
    """Today's visitor, once the store can take the answer and the limits allow it."""
    visitor = current_visitor()  # the daily key needs the store: StoreUnavailable when down
    if _store().seems_down:  # an answer that cannot be stored must not use a place
        raise StoreUnavailable("the store was unreachable a moment ago")
    return visitor


def _limited(visitor: Visitor) -> ResponseReturnValue | None:
    """A 429 when this reader, or everyone at this address together, sent too many."""
    limits = _learning().limits
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
    visitor = _ready()
    too_many = _limited(visitor)
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
    visitor = _ready()
    too_many = _limited(visitor)
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
