"""What a reader and a network address may send: lessons' answers, troubleshooters' steps.

Both count a few small posts per page; both refuse kindly with 429 when a reader, or an office
behind one address, sends far more than a person would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import jsonify
from flask.typing import ResponseReturnValue

from portal.guides.articles import Content
from portal.readers.identity import Visitor
from portal.readers.ratelimit import RateLimiter
from portal.store.database import StoreUnavailable
from portal.web.services import HOUR, Services, services
from portal.web.visitors import current_visitor

Worked = TypeVar("Worked")


@dataclass
class ReaderLimits:
    """What one reader may send per minute and one network address per hour."""

    reader: RateLimiter
    address: RateLimiter

    @classmethod
    def of(cls, found: Services, name: str, per_reader: int, per_address: int) -> ReaderLimits:
        """Multiples of the feedback limits, in the app's shared storage (memory or Redis)."""
        config = found.config
        return cls(
            reader=RateLimiter(
                config.feedback_per_minute * per_reader, name=name, storage=found.limits
            ),
            address=RateLimiter(
                config.feedback_per_address_per_hour * per_address,
                HOUR,
                name=f"address-{name}",
                storage=found.limits,
            ),
        )

    def refusal(self, visitor: Visitor) -> ResponseReturnValue | None:
        """A 429 when this reader, or everyone at this address together, sent too many."""
        if not self.reader.allow(visitor.key):
            message = (
                "You have sent many answers in a short time. Please wait a minute and try again."
            )
            return _too_many(message, self.reader.retry_after(visitor.key))
        if not self.address.allow(visitor.network):
            message = (
                "Many answers came from your network in the last hour, so we cannot take more "
                "for now. Please try again later."
            )
            return _too_many(message, self.address.retry_after(visitor.network))
        return None


def _too_many(message: str, seconds: int) -> ResponseReturnValue:
    return jsonify(error=message), 429, {"Retry-After": str(seconds)}


def ready_visitor() -> Visitor:
    """Today's visitor, once the store can take what they send (raises StoreUnavailable: 503)."""
    visitor = current_visitor()  # the daily key needs the store
    if services().store.seems_down:  # what cannot be stored must not use a place
        raise StoreUnavailable("the store was unreachable a moment ago")
    return visitor


class PerContent(Generic[Worked]):
    """Something worked out from the content (its courses, its troubleshooters) once per load:
    the portal rereads the content once a minute, and every post needs the result."""

    def __init__(self, work: Callable[[Content], Worked]) -> None:
        self._work = work
        self._content: Content | None = None
        self._worked: Worked | None = None
        self._lock = threading.Lock()

    def of(self, content: Content) -> Worked:
        with self._lock:
            if content is not self._content or self._worked is None:
                self._worked = self._work(content)
                self._content = content
            return self._worked
