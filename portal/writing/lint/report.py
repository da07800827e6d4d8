"""Findings as text for people, JSON for tools and workflow commands for GitHub Actions."""

from __future__ import annotations

import json
from collections.abc import Sequence

from portal.words import plural
from portal.writing.lint.engine import LintResult
from portal.writing.lint.findings import Finding

FORMATS = ("text", "json", "github")


def as_text(findings: Sequence[Finding]) -> list[str]:
    """`path:line:col: error|warning RULE: message (try: suggestion)`, one line each."""
    return [str(finding) for finding in findings]


def as_json(findings: Sequence[Finding]) -> str:
    """A JSON array of findings, in file and line order."""
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)


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


def summary(result: LintResult, strict: bool) -> str:
    """One sentence for the end of the run."""
    files = plural(len(result.files), "file")
    if not result.findings:
        return f"Checked {files}: no problems found."
    affected = len({f.path for f in result.findings})
    counts = f"{plural(len(result.errors), 'error')} and {plural(len(result.warnings), 'warning')}"
    text = f"Checked {files}: {counts} in {affected} of them."
    if result.warnings and not result.errors and not strict:
        text += " Warnings do not fail the check (use --strict to make them)."
    return text
