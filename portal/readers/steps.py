"""Check one step through a troubleshooter before anything is stored: the tree must exist, the
questions must be a way through it, and an ending must be one its last question offers.

Every refusal is a plain sentence and a 4xx. Nothing a reader sends is free text: what is kept
is a tree's path, question ids and, for an ending, the guide the tree itself links to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from portal.errors import PlainhelpError
from portal.guides.troubleshooters import DESK_PAGE, Option, Question, Troubleshooter
from portal.store.schema import (
    GUIDE_CHARS,
    STEP_QUESTION_CHARS,
    STEP_QUESTIONS,
    TROUBLESHOOTER_CHARS,
)

# A step is a path, a few ids and a guide: well under a kilobyte. More is not a step.
MAX_BODY_BYTES = 4096
FIELDS = ("troubleshooter", "questions", "ending", "guide")
ENDINGS = ("guide", "desk")
EXAMPLE = (
    '{"troubleshooter": "troubleshoot/something-stopped-working", '
    '"questions": ["start", "computer"], "ending": null, "guide": null}'
)
_TREE_PATH = re.compile(r"[A-Za-z0-9/_-]+")
_QUESTION_ID = re.compile(rf"[A-Za-z0-9][A-Za-z0-9_-]{{0,{STEP_QUESTION_CHARS - 1}}}")
_GUIDE = re.compile(r"(?P<path>[A-Za-z0-9/_-]+?)/?(?:#(?P<anchor>[\w.:-]+))?")


class StepError(PlainhelpError, ValueError):
    """The step cannot be counted; `status` is the HTTP status (4xx), the message a sentence."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class CheckedStep:
    """A step that fits its troubleshooter, as it will be kept.

    `ending` is "shown", "guide" or "desk"; `guide` is "" when there is none, the guide as the
    tree links to it (`path#section`) for an answer's guide and for "Still stuck?" after it, or
    the troubleshooter's own path for "Still stuck?" on its page.
    """

    troubleshooter: str
    questions: tuple[str, ...]
    ending: str
    guide: str


def _object(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise StepError(f"Send one JSON object, such as {EXAMPLE}.")
    unknown = sorted(set(payload) - set(FIELDS))
    if unknown:
        raise StepError(
            f"This step has fields we do not accept: {', '.join(unknown)}. "
            "Send only troubleshooter, questions, ending and guide."
        )
    return payload


def _tree(value: Any, trees: Iterable[Troubleshooter]) -> Troubleshooter:
    if not isinstance(value, str) or not value.strip("/ "):
        raise StepError(
            'Say which troubleshooter this step is in with "troubleshooter", such as '
            '"troubleshoot/something-stopped-working".'
        )
    path = value.strip().strip("/")
    if len(path) > TROUBLESHOOTER_CHARS:
        raise StepError(f'"troubleshooter" is at most {TROUBLESHOOTER_CHARS} characters long.')
    if not _TREE_PATH.fullmatch(path):
        raise StepError(
            '"troubleshooter" is a troubleshooter\'s path: letters, digits, "/", "-" and "_".'
        )
    wanted = path.casefold()
    for tree in trees:
        if tree.path.casefold() == wanted and tree.start is not None:
            return tree
    raise StepError("There is no troubleshooter at that address, so nothing was saved.")


def _questions(value: Any, tree: Troubleshooter) -> tuple[Question, ...]:
    """The questions as asked, each reached by an answer to the one before."""
    if not isinstance(value, list) or not value:
        raise StepError(
            '"questions" must list the question ids from the first question to this one, '
            'such as ["start", "computer"].'
        )
    if len(value) > STEP_QUESTIONS:
        raise StepError(f'"questions" lists at most {STEP_QUESTIONS} questions.')
    if not all(isinstance(item, str) and _QUESTION_ID.fullmatch(item) for item in value):
        raise StepError(
            '"questions" holds question ids: a letter or digit, then letters, digits, "-" or '
            f'"_", up to {STEP_QUESTION_CHARS} characters each.'
        )
    assert tree.start is not None
    if value[0] != tree.start.id:
        raise StepError(f'"questions" must begin with the first question, "{tree.start.id}".')
    if len(set(value)) != len(value):
        raise StepError('"questions" names the same question twice.')
    asked = [tree.start]
    for question_id in value[1:]:
        following = tree.question(question_id)
        if following is None:
            raise StepError(
                f'This troubleshooter has no question "{question_id}", so nothing was saved.'
            )
        if not any(o.kind == "question" and o.question == question_id for o in asked[-1].options):
            raise StepError(
                f'No answer to "{asked[-1].id}" leads to "{question_id}", so nothing was saved.'
            )
        asked.append(following)
    return tuple(asked)


def _guide_text(value: Any) -> tuple[str, str | None]:
    """(path, section or None) of a guide as sent: `printing/clear-paper-jam#step-2`."""
    if not isinstance(value, str) or not value.strip("/ "):
        raise StepError(
            'Say which guide this step ended at in "guide", such as "printing/clear-paper-jam".'
        )
    text = value.strip().lstrip("/")
    found = _GUIDE.fullmatch(text) if len(text) <= GUIDE_CHARS else None
    if found is None:
        raise StepError(
            f'"guide" is a guide\'s path with an optional "#section", up to {GUIDE_CHARS} '
            'characters, such as "printing/clear-paper-jam#open-the-tray".'
        )
    return found.group("path"), found.group("anchor")


def _ending_option(question: Question, path: str, anchor: str | None) -> Option | None:
    """The answer of `question` that ends at that guide: the same section first, else any."""
    wanted = path.casefold()
    options = [o for o in question.options if o.is_ending and (o.guide or "").casefold() == wanted]
    for option in options:
        if option.anchor == anchor:
            return option
    return options[0] if options else None


def _target(option: Option) -> str:
    assert option.guide is not None
    return f"{option.guide}#{option.anchor}" if option.anchor else option.guide


def _is_desk(option: Option) -> bool:
    return option.kind == "desk" or option.guide == DESK_PAGE


def _ending(tree: Troubleshooter, last: Question, ending: Any, guide: Any) -> tuple[str, str]:
    """(ending, guide) as kept; an answer that leads to the service desk is always "desk"."""
    if ending is None:
        if guide is not None:
            raise StepError('"guide" goes with an ending: leave it null while a question is shown.')
        return "shown", ""
    if not isinstance(ending, str) or ending not in ENDINGS:
        raise StepError('"ending" must be null, "guide" or "desk".')
    if ending == "desk" and guide is None:
        if not any(_is_desk(option) for option in last.options):
            raise StepError(
                f'No answer to "{last.id}" leads to the service desk, so nothing was saved.'
            )
        return "desk", ""
    path, anchor = _guide_text(guide)
    if ending == "desk" and path.casefold() == tree.path.casefold():
        return "desk", tree.path  # "Still stuck?" on the troubleshooter's own page
    option = _ending_option(last, path, anchor)
    if option is None:
        raise StepError(f'No answer to "{last.id}" leads to that guide, so nothing was saved.')
    if _is_desk(option):
        return "desk", ""  # the contact page is the service desk, however it was sent
    return ending, _target(option)


def parse_step(payload: Any, trees: Iterable[Troubleshooter]) -> CheckedStep:
    """Validate the JSON body against the troubleshooters in the content folder."""
    body = _object(payload)
    tree = _tree(body.get("troubleshooter"), trees)
    asked = _questions(body.get("questions"), tree)
    ending, guide = _ending(tree, asked[-1], body.get("ending"), body.get("guide"))
    return CheckedStep(tree.path, tuple(q.id for q in asked), ending, guide)
