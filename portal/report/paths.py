"""The troubleshooters' part of the report: per tree, who started, how many reached each question
and went on or stopped there, where answers ended (a guide, the desk), who still asked for a
person, and the branches to look at, in plain sentences.

Readers are counted once per visitor key and day (keys change daily), from the store's steps;
the questions' and answers' words come from the troubleshooters in the content folder, so a way
the tree no longer has is shown as such. Reads use SQLAlchemy Core only, as `data.py` does.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from sqlalchemy import Connection, and_, select

from portal.guides.articles import Content
from portal.guides.troubleshooters import (
    DESK_PAGE,
    Option,
    Question,
    Troubleshooter,
    troubleshooters_of,
)
from portal.report.model import PathFinding, PathRow, PathStep, TreePaths, Troubleshooting
from portal.report.wording import (
    DESK_ENDING,
    NO_LONGER_THERE,
    desk_finding,
    still_stuck_finding,
    stop_finding,
)
from portal.store.schema import troubleshooter_steps
from portal.store.steps import questions_of

# A branch is named as one to look at from MIN_READERS readers: fewer say little.
MIN_READERS = 5
# "Many people stop" at a question: at least this share of those who reached it went no further.
STOP_SHARE = 0.4
# After a guide, this share of its readers still asking for a person says the guide may not fit.
STUCK_SHARE = 0.25
# Ways the tree no longer has sort after the ones it has.
_GONE = 10_000

Path = tuple[str, ...]


@dataclass
class _Tally:
    """One tree's readers (as small numbers for visitor-days), by place."""

    started: set[int] = field(default_factory=set)
    reached: dict[Path, set[int]] = field(default_factory=lambda: defaultdict(set))
    went_on: dict[Path, set[int]] = field(default_factory=lambda: defaultdict(set))
    stuck_here: dict[Path, set[int]] = field(default_factory=lambda: defaultdict(set))
    guides: dict[tuple[Path, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    stuck_after: dict[tuple[Path, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    desk: dict[Path, set[int]] = field(default_factory=lambda: defaultdict(set))
    asked: set[int] = field(default_factory=set)  # asked for a person anywhere

    def add(self, reader: int, tree_path: str, path: Path, ending: str, guide: str) -> None:
        self.started.add(reader)
        for depth in range(1, len(path) + 1):
            self.reached[path[:depth]].add(reader)
            if depth < len(path):
                self.went_on[path[:depth]].add(reader)
        if ending == "guide":
            self.went_on[path].add(reader)
            self.guides[(path, guide)].add(reader)
        elif ending == "desk" and guide == tree_path:  # "Still stuck?" on the tree's own page
            self.stuck_here[path].add(reader)
            self.asked.add(reader)
        elif ending == "desk" and guide:  # "Still stuck?" on the guide an answer led to
            self.went_on[path].add(reader)
            self.guides[(path, guide)].add(reader)
            self.stuck_after[(path, guide)].add(reader)
            self.asked.add(reader)
        elif ending == "desk":  # an answer that leads to the service desk
            self.went_on[path].add(reader)
            self.desk[path].add(reader)
            self.asked.add(reader)


def read_troubleshooting(
    connection: Connection,
    content: Content,
    since: dt.date,
    until: dt.date,
    *,
    min_readers: int = MIN_READERS,
    limit: int = 20,
) -> Troubleshooting:
    """Everything the troubleshooters tell writers over the period (dates included)."""
    trees = {tree.path: tree for tree in troubleshooters_of(content)}
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    readers: dict[tuple[object, str], int] = {}
    steps = troubleshooter_steps.c
    for tree_path, day, visitor, questions, ending, guide in connection.execute(
        select(
            steps.troubleshooter,
            steps.day,
            steps.visitor,
            steps.questions,
            steps.ending,
            steps.guide,
        ).where(and_(steps.day >= since, steps.day <= until))
    ):
        path = questions_of(questions)
        if not path:
            continue
        reader = readers.setdefault((day, visitor), len(readers))
        tallies[tree_path].add(reader, tree_path, path, ending, guide or "")

    found = [
        _tree_paths(path, trees.get(path), tally, content, min_readers)
        for path, tally in tallies.items()
    ]
    found.sort(key=lambda t: (-t.started, t.title.casefold(), t.path))
    findings = [finding for tree in found for finding in tree.findings]
    findings.sort(key=lambda f: (-f.readers, f.title.casefold(), f.text))
    return Troubleshooting(
        trees=found,
        findings=findings[:limit],
        unopened=sorted(
            (tree.title for path, tree in trees.items() if path not in tallies), key=str.casefold
        ),
        min_readers=min_readers,
        stop_share=STOP_SHARE,
        stuck_share=STUCK_SHARE,
    )


class _Words:
    """The words of a tree's questions and answers, for ways it may or may not still have."""

    def __init__(self, tree: Troubleshooter | None, content: Content) -> None:
        self.tree = tree
        self.content = content

    def question(self, question_id: str) -> Question | None:
        return self.tree.question(question_id) if self.tree else None

    def question_text(self, question_id: str) -> str:
        question = self.question(question_id)
        return question.text if question else question_id

    def leading_to(self, path: Path) -> tuple[list[PathStep], list[tuple[int, str]], bool]:
        """The answers from the first question to the last of `path`, their places, and whether
        the tree still has that way."""
        start = self.tree.start if self.tree else None
        known = start is not None and start.id == path[0]
        steps: list[PathStep] = []
        order: list[tuple[int, str]] = []
        for before, after in pairwise(path):
            question = self.question(before)
            place = _option(question, _asks(after))
            if place is None:
                known = False
                steps.append(PathStep(self.question_text(before), NO_LONGER_THERE))
                order.append((_GONE, after))
            else:
                steps.append(PathStep(self.question_text(before), place[1].label))
                order.append((place[0], ""))
        return steps, order, known

    def ending_at(
        self, path: Path, ending: str, *wanted: Wanted
    ) -> tuple[list[PathStep], list[tuple[int, str]], bool]:
        """As leading_to, with the answer that ended the way at its last question (the first
        found of `wanted`) and its place, marked `ending` in the order."""
        steps, order, known = self.leading_to(path)
        last = self.question(path[-1])
        place = next(filter(None, (_option(last, want) for want in wanted)), None)
        steps.append(
            PathStep(self.question_text(path[-1]), place[1].label if place else NO_LONGER_THERE)
        )
        order.append((place[0] if place else _GONE, ending))
        return steps, order, known and place is not None

    def guide_title(self, guide: str) -> tuple[str, str | None]:
        """A guide's title and address (with its section); its path and None when it is gone."""
        path, _, anchor = guide.partition("#")
        article = self.content.get(path)
        if article is None:
            return path, None
        return article.title, article.url + (f"#{anchor}" if anchor else "")


Wanted = Callable[[Option], bool]


def _option(question: Question | None, wanted: Wanted) -> tuple[int, Option] | None:
    """The first answer of `question` that is `wanted`, with its place among the answers."""
    if question is None:
        return None
    for number, option in enumerate(question.options):
        if wanted(option):
            return number, option
    return None


def _asks(question_id: str) -> Wanted:
    return lambda option: option.kind == "question" and option.question == question_id


def _leads_to(guide: str) -> Wanted:
    """An answer that ends at `guide`, its section too when one was kept."""
    path, _, anchor = guide.partition("#")
    return lambda o: o.kind == "guide" and o.guide == path and (o.anchor or "") == anchor


def _same_guide(guide: str) -> Wanted:
    """An answer that ends at the same guide, whatever its section now is."""
    path = guide.partition("#")[0]
    return lambda option: option.kind == "guide" and option.guide == path


def _is_desk(option: Option) -> bool:
    return option.kind == "desk" or option.guide == DESK_PAGE


def _tree_paths(
    path: str,
    tree: Troubleshooter | None,
    tally: _Tally,
    content: Content,
    min_readers: int,
) -> TreePaths:
    words = _Words(tree, content)
    rows: list[tuple[list[tuple[int, str]], PathRow]] = []
    gone: set[int] = set()

    for asked, reached in tally.reached.items():
        steps, order, known = words.leading_to(asked)
        question = words.question(asked[-1])
        went_on = tally.went_on.get(asked, set())
        row = PathRow(
            kind="question",
            questions=list(asked),
            steps=steps,
            readers=len(reached),
            question=question.text if question else asked[-1],
            went_on=len(went_on & reached),
            stopped=len(reached - went_on),
            desk=len(tally.stuck_here.get(asked, set())),
            known=known and question is not None,
        )
        rows.append((order, row))
        if not row.known:
            gone |= reached

    for (asked, guide), ended in _merged(tally.guides, tally.stuck_after).items():
        steps, order, known = words.ending_at(asked, guide, _leads_to(guide), _same_guide(guide))
        title, url = words.guide_title(guide)
        row = PathRow(
            kind="guide",
            questions=list(asked),
            steps=steps,
            readers=len(ended),
            guide=guide,
            title=title,
            url=url,
            desk=len(tally.stuck_after.get((asked, guide), set())),
            known=known,
        )
        rows.append((order, row))
        if not row.known:
            gone |= ended

    for asked, asking in tally.desk.items():
        steps, order, known = words.ending_at(asked, "", _is_desk)
        row = PathRow(
            kind="desk",
            questions=list(asked),
            steps=steps,
            readers=len(asking),
            guide=DESK_PAGE,
            title=DESK_ENDING,
            url=None,
            desk=len(asking),
            known=known,
        )
        rows.append((order, row))
        if not row.known:
            gone |= asking

    # Depth first in the tree's own order: a question, then the places its answers lead to.
    rows.sort(key=lambda pair: (pair[0], pair[1].kind != "question"))
    found = TreePaths(
        path=path,
        title=tree.title if tree else path,
        url=tree.url if tree else None,
        started=len(tally.started),
        desk=len(tally.asked),
        rows=[row for _, row in rows],
        changed=len(gone),
        known=tree is not None,
    )
    found.findings = _findings(found, tally, words, min_readers)
    return found


def _merged(
    first: dict[tuple[Path, str], set[int]], second: dict[tuple[Path, str], set[int]]
) -> dict[tuple[Path, str], set[int]]:
    merged: dict[tuple[Path, str], set[int]] = defaultdict(set)
    for source in (first, second):
        for key, readers in source.items():
            merged[key] |= readers
    return merged


def _findings(tree: TreePaths, tally: _Tally, words: _Words, min_readers: int) -> list[PathFinding]:
    """The branches to look at: questions many stop at, answers that lead many to the desk,
    guides after which many still ask for a person. Only ways the tree still has."""
    found: list[PathFinding] = []

    def add(kind: str, text: str, readers: int) -> None:
        found.append(PathFinding(tree.path, tree.title, kind, text, readers))

    # A question may be reached on more than one way: its readers are counted together.
    by_question: dict[str, tuple[set[int], set[int]]] = {}
    for row in tree.rows:
        if row.kind != "question" or not row.known:
            continue
        asked = tuple(row.questions)
        reached, went_on = by_question.setdefault(asked[-1], (set(), set()))
        reached |= tally.reached.get(asked, set())
        went_on |= tally.went_on.get(asked, set())
    for question_id, (reached, went_on) in by_question.items():
        stopped = len(reached - went_on)
        if len(reached) >= min_readers and stopped >= STOP_SHARE * len(reached):
            add(
                "stop",
                stop_finding(words.question_text(question_id), stopped, len(reached)),
                stopped,
            )
    for row in tree.rows:
        if not row.known or row.kind == "question":
            continue
        answer, question = row.steps[-1].answer, row.steps[-1].question
        if row.kind == "desk" and row.readers >= min_readers:
            add("desk", desk_finding(answer, question, row.readers), row.readers)
        if (
            row.kind == "guide"
            and row.readers >= min_readers
            and row.desk >= STUCK_SHARE * row.readers
            and row.desk
        ):
            text = still_stuck_finding(answer, row.title or "", row.desk, row.readers)
            add("still-stuck", text, row.desk)
    return found
