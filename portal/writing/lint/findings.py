"""What the linter reports: one finding, pointed at the exact line and column."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from portal.guides.troubleshooters import RULE_UNKNOWN_TARGET

Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")

# Rules that are not rule files: front matter (from loading), links and anchors that lead
# nowhere (portal.writing.lint.links) and what MkDocs said while building the site. A
# troubleshooter's answer that leads nowhere is a link too, so MkDocs saying the same about
# it during `kb build` is not shown twice.
FRONT_MATTER_RULE = "front-matter"
LINK_RULES = frozenset({"broken-link", "missing-anchor", RULE_UNKNOWN_TARGET})
SITE_BUILD_RULE = "site-build"
# The kind of a finding, for "most important first" and the summary: what breaks the site or
# misleads readers comes before style. A family not named here ranks before style.
KIND_OF_FAMILY = {
    "files": "files",
    "condescension": "tone",
    "exclamation": "tone",
    "structure": "structure",
    "troubleshooters": "troubleshooter",
    "jargon": "jargon",
    "links": "link text",
    "plain-words": "plain words",
    "readability": "readability",
    "passive": "passive voice",
    "caps": "capitals",
}
KINDS = (
    "front matter",
    "files",
    "link",
    "site",
    "tone",
    "troubleshooter",
    "structure",
    "jargon",
    "link text",
    "plain words",
    "readability",
    "passive voice",
    "capitals",
)
_UNKNOWN_KIND_RANK = KINDS.index("link text") + 0.5


@dataclass(frozen=True)
class Finding:
    """One problem a writer can jump to, with a kinder alternative when there is one."""

    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str
    suggestion: str | None = None
    family: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity} {self.rule}: {self.message}"
        return f"{text} (try: {self.suggestion})" if self.suggestion else text

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def kind(self) -> str:
        """What sort of problem this is, in a writer's words ("link", "tone", "plain words")."""
        if self.rule == FRONT_MATTER_RULE:
            return "front matter"
        if self.rule in LINK_RULES:
            return "link"
        if self.rule == SITE_BUILD_RULE:
            return "site"
        return KIND_OF_FAMILY.get(self.family, self.family or self.rule)

    @property
    def importance(self) -> tuple[int, float, str, int, int, str, str]:
        """Most important first: errors, then what breaks the site or misleads, then style."""
        kind = self.kind
        rank = KINDS.index(kind) if kind in KINDS else _UNKNOWN_KIND_RANK
        return (SEVERITIES.index(self.severity), rank, *self.sort_key)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Reading order: file, line, column, then rule."""
        return (self.path, self.line, self.column, self.rule, self.message)
