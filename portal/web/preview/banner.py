"""The banner at the top of a previewed page: the guide's writing check, or why the last save
is not shown. Kind words, in reading order, errors first; only `kb serve --dev` adds it."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup, escape

from portal.web.preview.builder import Outcome
from portal.web.preview.guide_lint import GuideFindings
from portal.words import plural

LEVELS = {"error": "Needs fixing", "warning": "Worth a look"}
ONLY_YOU = "Only you see this, in the preview; readers never do."


def failure_banner(failure: Outcome) -> Markup:
    """The last save did not build: say what stopped it, and that the page shown is older."""
    items = "".join(f"<li>{escape(problem)}</li>" for problem in failure.problems[:20])
    more = len(failure.problems) - 20
    if more > 0:
        items += f"<li>and {escape(plural(more, 'more problem'))}</li>"
    return Markup(
        '<section class="kb-preview kb-preview--stopped" aria-labelledby="kb-preview-stopped">'
        '<h2 id="kb-preview-stopped" class="kb-preview__title">'
        "Your latest change is not in the preview yet</h2>"
        f"<p>{escape(failure.summary)} This page is the last version that built. "
        "Here is what to change:</p>"
        f'<ul class="kb-preview__list">{items}</ul>'
        "<p>Save again once it is fixed and this page will refresh by itself.</p>"
        "</section>"
    )


def findings_banner(found: GuideFindings, shown_as: str) -> Markup:
    """The writing check of the guide on this page: line, message and a suggestion."""
    name = escape(shown_as)
    if found.problem:
        body = f"<p>The writing check could not run on {name}: {escape(found.problem)}</p>"
        return _section("The writing check could not run", body, "kb-preview--quiet")
    if not found.findings:
        body = f"<p>The writing check found nothing to change in {name}. {ONLY_YOU}</p>"
        return _section("Writing check: nothing to change", body, "kb-preview--clear")
    ordered = sorted(found.findings, key=lambda f: (f.severity != "error", f.line, f.column))
    items = "".join(
        f'<li class="kb-preview__finding kb-preview__finding--{escape(f.severity)}">'
        f'<span class="kb-preview__level">{escape(LEVELS.get(f.severity, f.severity))}</span> '
        f"Line {f.line}: {escape(f.message)}"
        + (
            f' <span class="kb-preview__try">(try: {escape(f.suggestion)})</span>'
            if f.suggestion
            else ""
        )
        + "</li>"
        for f in ordered
    )
    errors = sum(1 for f in found.findings if f.severity == "error")
    advice = (
        "Those marked “Needs fixing” stop the guide from being published; the others are "
        "suggestions."
        if errors
        else "These are suggestions; the guide can be published as it is."
    )
    count = plural(len(found.findings), "thing")
    body = (
        f"<p>{count} to look at in {name}. {advice} {ONLY_YOU}</p>"
        f'<ul class="kb-preview__list">{items}</ul>'
    )
    return _section(f"Writing check: {count} to look at", body, "")


def _section(title: str, body: str, modifier: str) -> Markup:
    classes = f"kb-preview {modifier}".strip()
    return Markup(
        f'<section class="{classes}" aria-labelledby="kb-preview-title">'
        f'<h2 id="kb-preview-title" class="kb-preview__title">{escape(title)}</h2>'
        f"{body}</section>"
    )


def shown_path(source: Path, content_dir: Path) -> str:
    """The file as a writer knows it: relative to the content folder when it is inside."""
    try:
        return source.resolve().relative_to(content_dir.resolve()).as_posix()
    except ValueError:
        return source.as_posix()
