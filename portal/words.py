"""Small helpers for words people read: counts, shares, text they typed, broken YAML.

A base module: it imports nothing else from Plainhelp, so every stage (search/ too) may use it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

NBSP = "\u00a0"
_ES_ENDINGS = ("s", "sh", "ch", "x", "z")


def long_day(day: dt.date) -> str:
    """1 May 2026: the way readers and writers say a date."""
    return f"{day.day} {day:%B %Y}"


def plural(count: int, one: str, many: str | None = None) -> str:
    """A count with its noun: "1 vote", "3 votes", "1,204 searches" (`many` when irregular)."""
    if count == 1:
        return f"{count:,} {one}"
    return f"{count:,} {many or one + ('es' if one.endswith(_ES_ENDINGS) else 's')}"


def percent(value: float | None, missing: str = "", space: str = " ") -> str:
    """A share as people read it: 0.0889 -> "9 %"; `missing` when there is no share.

    `space` goes between the number and the sign (NBSP keeps "9 %" on one line in HTML).
    """
    return missing if value is None else f"{round(value * 100)}{space}%"


def _without_controls(text: str, keep: Callable[[str], bool]) -> str:
    """Drop control characters (Unicode's Cc: C0, DEL and C1), except those `keep` accepts."""
    return "".join(ch for ch in text if keep(ch) or unicodedata.category(ch) != "Cc")


def one_line(text: str) -> str:
    """Text someone typed, as plain text on one line.

    Control characters are dropped; tabs, line breaks and runs of spaces become one space;
    the ends are trimmed.
    """
    return " ".join(_without_controls(text, keep=str.isspace).split())


def multi_line(text: str) -> str:
    """Text someone typed, its lines kept: control characters other than tabs and line breaks
    (\\t, \\n, \\r) are dropped, and the ends are trimmed."""
    return _without_controls(text, keep="\t\n\r".__contains__).strip()


# YAML's own words (pure-Python and libyaml spellings), with what a writer can do about them.
YAML_HINTS = (
    ("mapping values are not allowed", "a value with a colon in it needs quotes around it"),
    ("tab character", "use spaces, not tabs, to indent"),
    ("cannot start any token", "put quotes around a value that starts with @ or `"),
    ("expected <block end>", "list items and fields must line up under each other"),
    ("did not find expected", "list items and fields must line up under each other"),
)


@dataclass(frozen=True)
class YamlProblem:
    """Where YAML broke (a line of the file, None when YAML did not say) and why, in words."""

    line: int | None
    reason: str  # YAML's own words and, when we know one, a hint: "... (use spaces, not tabs)"


def yaml_problem(error: Exception, first_line: int = 1) -> YamlProblem:
    """What a `yaml.YAMLError` means; `first_line` is the file's line where the YAML began."""
    mark = getattr(error, "problem_mark", None)
    line = first_line + mark.line if mark is not None else None
    problem = getattr(error, "problem", None) or getattr(error, "reason", None) or ""
    problem = " ".join(str(problem).split())
    hint = next((hint for words, hint in YAML_HINTS if words in problem), None)
    return YamlProblem(line, f"{problem} ({hint})" if problem and hint else problem)


def yaml_sentence(where: str, error: Exception) -> str:
    """Broken YAML, as one sentence: "x.yml is not valid YAML on line 3: ..."."""
    found = yaml_problem(error)
    line = f" on line {found.line}" if found.line is not None else ""
    reason = f": {found.reason}" if found.reason else ""
    return f"{where} is not valid YAML{line}{reason}."
