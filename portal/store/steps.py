"""Troubleshooters' steps, kept: which question a reader saw, where they ended, when they asked
for a person. Each carries only the daily visitor key, like feedback; the store never reads the
troubleshooters themselves (the report does)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from portal.store.connection import Database
from portal.store.schema import troubleshooter_steps

QUESTION_JOIN = "."  # question ids never hold a dot, so the path splits back exactly


@dataclass(frozen=True)
class Step:
    """One step, already checked against the troubleshooter: `guide` is "" when there is none."""

    day: dt.date
    visitor: str
    troubleshooter: str
    questions: tuple[str, ...]
    ending: str  # "shown", "guide" or "desk" (schema.STEP_ENDINGS)
    guide: str = ""


def questions_text(questions: Sequence[str]) -> str:
    """The question ids as stored: "start.computer"."""
    return QUESTION_JOIN.join(questions)


def questions_of(text: str) -> tuple[str, ...]:
    """The stored text back as question ids."""
    return tuple(part for part in text.split(QUESTION_JOIN) if part)


class Steps(Database):
    """Troubleshooters' steps; each call is one transaction."""

    def save_step(self, step: Step) -> bool:
        """Keep one step once per visitor and day; True when it was new (a reload adds nothing)."""
        self.ensure_ready()
        return self.insert_once(
            troubleshooter_steps,
            day=step.day,
            visitor=step.visitor,
            troubleshooter=step.troubleshooter,
            questions=questions_text(step.questions),
            ending=step.ending,
            guide=step.guide,
        )
