"""Findings as text for people, JSON for tools and workflow commands for GitHub Actions."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from portal.words import plural
from portal.writing.lint.findings import KINDS, Finding

FORMATS = ("text", "json", "github")


def as_text(findings: Sequence[Finding]) -> list[str]:
    """`path:line:col: error|warning RULE: message (try: suggestion)`, one line each."""
    return [str(finding) for finding in findings]


def as_json(findings: Sequence[Finding]) -> str:
    """A JSON array of findings in the order given, each with its kind ("link", "tone")."""
    return json.dumps(
        [{**f.as_dict(), "kind": f.kind} for f in findings], ensure_ascii=False, indent=2
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(findings: Sequence[Finding]) -> list[str]:
    """GitHub Actions workflow commands, shown as notes on the pull request's lines."""
    lines = []
    for f in findings:
        message = f"{f.message} (try: {f.suggestion})" if f.suggestion else f.message
        properties = ",".join(
            (
                f"file={_escape_property(f.path)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_escape_property(f.rule)}",
            )
        )
        lines.append(f"::{f.severity} {properties}::{_escape_data(message)}")
    return lines


class Checked(Protocol):
    """What a run checked and found (a LintResult or a whole checkup)."""

    @property
    def files(self) -> list[str]: ...

    @property
    def findings(self) -> list[Finding]: ...


def counts_by_kind(findings: Sequence[Finding]) -> str:
    """ "1 front matter, 2 link" in the order of importance."""
    counts = Counter(f.kind for f in findings)
    ordered = sorted(counts, key=lambda k: (KINDS.index(k) if k in KINDS else len(KINDS), k))
    return ", ".join(f"{counts[kind]} {kind}" for kind in ordered)


def summary_by_kind(findings: Sequence[Finding]) -> str:
    """ "3 errors (1 front matter, 1 link, 1 tone) and 12 warnings (8 plain words, ...)"."""
    parts = []
    for severity in ("error", "warning"):
        found = [f for f in findings if f.severity == severity]
        text = plural(len(found), severity)
        parts.append(f"{text} ({counts_by_kind(found)})" if found else text)
    return " and ".join(parts)


def summary(result: Checked, strict: bool) -> str:
    """One sentence for the end of the run, with the kinds of problem found."""
    files = plural(len(result.files), "file")
    if not result.findings:
        return f"Checked {files}: no problems found."
    affected = len({f.path for f in result.findings})
    errors = any(f.severity == "error" for f in result.findings)
    text = f"Checked {files}: {summary_by_kind(result.findings)} in {affected} of them."
    if not errors and not strict:
        text += " Warnings do not fail the check (use --strict to make them)."
    return text
