"""Structure checks of a troubleshooter: its question tree holds together for every reader.

The tree's own model (portal.guides.troubleshooters) finds every problem and names the rule it
belongs to; each `structure` rule file (`check: troubleshooter-loop`) reports its own, so they
are documented, configured and switched off like every other rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from portal.guides.troubleshooters import RULES, TreeProblem
from portal.writing.lint.checks import finding
from portal.writing.lint.document import Document
from portal.writing.lint.findings import Finding
from portal.writing.lint.rules import StructureRule

TreeCheck = Callable[[StructureRule, Document, dt.date], Iterator[Finding]]


def _check(name: str) -> TreeCheck:
    def check(rule: StructureRule, doc: Document, today: dt.date) -> Iterator[Finding]:
        for problem in doc.tree_problems:
            found = problem if isinstance(problem, TreeProblem) else None
            if found is None or found.rule != name:
                continue
            values = {"problem": found.message}
            yield finding(rule, doc, (found.line, found.column), values, found.suggestion)

    check.__doc__ = f"The `{name}` problems of a troubleshooter's question tree."
    return check


# One check per kind of problem the model names: `check: troubleshooter-dead-end`.
TROUBLESHOOTER_CHECKS: dict[str, TreeCheck] = {name: _check(name) for name in RULES}
