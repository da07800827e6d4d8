"""Check one "Was this helpful?" answer before anything is stored; every refusal says why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.errors import PlainhelpError
from portal.guides.vocabulary import COMMENT_CHARS, REASON_LABELS
from portal.readers.privacy import scrub
from portal.words import multi_line

FIELDS = frozenset({"page", "helpful", "reason", "comment"})
MAX_BODY_BYTES = 16 * 1024


class FeedbackError(PlainhelpError, ValueError):
    """The answer cannot be stored; `status` is the HTTP status, the message a plain sentence."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Answer:
    guide: str
    helpful: bool
    reason: str | None
    comment: str | None


def guide_path(page: str) -> str:
    """`/printing/clear-paper-jam/`, a full URL or the path itself all name the same guide."""
    page = page.strip()
    if "://" in page:
        page = page.split("://", 1)[1]
        page = page[page.find("/") :] if "/" in page else ""
    page = page.split("#", 1)[0].split("?", 1)[0]
    page = page.removesuffix("index.html").strip("/")
    return page.removesuffix(".md")


def parse_answer(payload: Any, is_guide: Any) -> Answer:
    """Validate the JSON body; `is_guide(path)` says whether the site has that guide."""
    if not isinstance(payload, dict):
        raise FeedbackError('Send one JSON object, such as {"page": ..., "helpful": true}.')
    unknown = sorted(set(payload) - FIELDS)
    if unknown:
        raise FeedbackError(
            f"This answer has fields we do not accept: {', '.join(unknown)}. "
            "Send only page, helpful, reason and comment."
        )
    page = payload.get("page")
    if not isinstance(page, str) or not page.strip():
        raise FeedbackError('Say which guide this answer is about in "page".')
    guide = guide_path(page)
    if len(guide) > 300 or not is_guide(guide):
        raise FeedbackError("There is no guide at that address, so the answer was not saved.")
    helpful = payload.get("helpful")
    if not isinstance(helpful, bool):
        raise FeedbackError('"helpful" must be true or false.')
    reason = payload.get("reason")
    if reason is not None:
        if helpful:
            raise FeedbackError("A reason can only be given when the guide did not help.")
        if not isinstance(reason, str) or reason not in REASON_LABELS:  # {} or [] not hashable
            raise FeedbackError(f'"reason" must be one of: {", ".join(REASON_LABELS)}.')
    comment = payload.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise FeedbackError('"comment" must be text.')
    if comment is not None and len(comment) > COMMENT_CHARS:
        raise FeedbackError(
            f"The comment is {len(comment):,} characters long; please keep it to "
            f"{COMMENT_CHARS:,} characters or fewer.",
            status=413,
        )
    comment = multi_line(comment) if comment else None
    comment = scrub(comment) if comment else None
    return Answer(guide=guide, helpful=helpful, reason=reason, comment=comment)
