"""What the linter reports: one finding, pointed at the exact line and column."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")


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
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Reading order: file, line, column, then rule."""
        return (self.path, self.line, self.column, self.rule, self.message)
