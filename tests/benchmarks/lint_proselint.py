"""proselint over the same labelled set as `kb lint`, for `make lint-eval` to show beside ours:
its checks mapped to our families where one is about the same thing, the others left out."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tests.benchmarks.lint_labels import Label


def proselint_family(check_path: str, message: str) -> str | None:
    """Our family for a proselint check, where one is about the same thing."""
    if check_path.startswith(("typography.punctuation.exclamation", "typography.punctuation.hyp")):
        return "exclamation"
    if check_path == "misc.greylist":
        return "condescension" if "obviously" in message.lower() else "plain-words"
    if check_path.startswith("industrial_language.jargon"):
        return "jargon"
    if check_path.startswith(("industrial_language", "misc.pretension", "misc.latin")):
        return "plain-words"
    if check_path.startswith(("misc.capitalization",)):
        return "caps"
    return None


def _proselint(text: str) -> list[tuple[str, int]]:
    """(family, line) of each proselint finding we can compare; others are left out."""
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    registry = CheckRegistry()
    if not registry.checks:
        registry.register_many(__register__)
    found = []
    for result in LintFile("<labelled>", text).lint():
        family = proselint_family(result.check_result.check_path, result.check_result.message)
        if family:
            found.append((family, result.pos[0]))
    return found


def proselint_on_sentences(sentences: Iterable[str]) -> list[set[Label]]:
    return [{(family, 0) for family, _ in _proselint(text)} for text in sentences]


def proselint_on_guides(paths: Iterable[Path]) -> list[set[Label]]:
    return [set(_proselint(path.read_text(encoding="utf-8"))) for path in paths]
