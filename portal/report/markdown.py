"""The report as a Markdown backlog to paste into an issue.

Everything readers typed (comments, queries) is escaped, so nothing in it can break a table
or ping a person.
"""

from __future__ import annotations

import re

import yaml

from portal.guides.vocabulary import FEEDBACK_QUESTION
from portal.report.model import Learning, Report, Troubleshooting
from portal.report.wording import (
    GONE_MARK,
    MAY_NOT_TEACH,
    answer_text,
    changed_text,
    empty_message,
    findings_rule,
    first_try_text,
    learning_empty,
    missed_rule,
    path_text,
    period,
    reasons_text,
    stop_text,
    tree_text,
    troubleshooting_empty,
    wrong_option_text,
)
from portal.words import percent

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
# Inline Markdown, HTML and GitHub's maths; block syntax (#, -, >) needs a line start, which
# a cell or a list item's middle never is.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
_MENTION = re.compile(r"([@#])(?=\w)")


def md(text: str) -> str:
    """Text someone typed, safe in a Markdown table cell or line.

    Line breaks and control characters become spaces, Markdown and HTML characters are
    backslash-escaped (a pipe can no longer end a cell), and a zero-width space after
    "@" or "#" keeps "@team" or "#12" from notifying people when pasted into an issue.
    """
    text = _CONTROL.sub(" ", text).strip()
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _MENTION.sub("\\1\u200b", text)


def code(text: str) -> str:
    """An inline code span that holds any text, backticks included."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{_CONTROL.sub(' ', text)}{pad}{fence}"


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _header(*cells: str, right: int = 0) -> list[str]:
    """A table header; the last `right` columns (numbers) are right-aligned."""
    aligns = ["---"] * (len(cells) - right) + ["---:"] * right
    return [_row(*cells), _row(*aligns)]


def _yaml_block(path: str, phrases: list[str]) -> list[str]:
    items = [yaml.safe_dump([p], allow_unicode=True, width=1000).strip() for p in phrases]
    body = "\n".join(["phrases:", *(f"  {item}" for item in items)])
    longest = max((len(run) for run in re.findall(r"`{3,}", body)), default=2)
    fence = "`" * (longest + 1)
    return [
        f"{fence}yaml",
        f"# content/{path}.md: add to the phrases that are there",
        body,
        fence,
    ]


def to_markdown(report: Report) -> str:
    """A writers' backlog to paste into an issue: a checklist, tables and YAML to copy."""
    totals = report.totals
    lines = [f"# Writers' backlog, {period(report)}", ""]
    if report.is_empty:
        lines += [empty_message(report), ""]
    else:
        lines += [
            f"From {totals['searches']} searches and {totals['votes']} answers to "
            f'"{FEEDBACK_QUESTION}"; made by `kb report` on '
            f"{report.generated:%Y-%m-%d %H:%M} UTC.",
            "",
            *_header(
                "Searches", "Found nothing", "Results but no click", "Clicks", "Votes",
                "Helpful", right=6,
            ),
            _row(*(str(totals[key]) for key in (
                "searches", "zero_results", "no_click", "clicks", "votes", "helpful",
            ))),
            "",
        ]  # fmt: skip

    lines += ["## Fix next", ""]
    if report.fix_next:
        lines += [
            f"Worst first: several problems and strong evidence come first. A rating counts "
            f"from {report.min_votes} votes, when we cannot be 95 % sure that "
            f"at least {percent(report.helpful_target)} of readers are helped.",
            "",
        ]
        for item in report.fix_next:
            lines.append(f"- [ ] **{md(item.title)}** ({code(item.path)})")
            lines += [f"  - {reason}" for reason in item.why]  # our own sentences
        if report.fix_next_total > len(report.fix_next):
            more = report.fix_next_total - len(report.fix_next)
            lines.append(f"\n_{more} more not shown; raise `--limit` to see them._")
    else:
        lines.append("Nothing needs fixing right now.")
    lines.append("")

    if report.guides:
        lines += [
            "## How readers rated the guides",
            "",
            "Wilson 95 %: the helpful share we can be 95 % sure of, given the number of votes.",
            "",
            *_header("Guide", "Reasons given", "Votes", "Helpful", "Share", "Wilson 95 %", right=4),
        ]
        for guide in report.guides:
            lines.append(
                _row(
                    f"{md(guide.title)} ({code(guide.path)})",
                    md(reasons_text(guide)),
                    str(guide.votes),
                    str(guide.helpful),
                    percent(guide.share),
                    percent(guide.wilson),
                )
            )
        lines.append("")
        commented = [g for g in report.guides if g.comments]
        if commented:
            lines += ["## What readers wrote", "", "Latest first, personal details removed.", ""]
            for guide in commented:
                lines += [f"### {md(guide.title)} ({code(guide.path)})", ""]
                lines += _header("Day", "Answer", "Comment")
                lines += [
                    _row(c.day.isoformat(), md(answer_text(c.helpful, c.reason)), md(c.text))
                    for c in guide.comments
                ]
                lines.append("")

    lines += ["## Content gaps", ""]
    at_least = f"Queries searched at least {report.min_searches} times."
    lines += ["### Searches that found nothing", ""]
    if report.zero_result_queries:
        lines += [at_least, "", *_header("Query", "Searches", right=1)]
        lines += [_row(md(q.query), str(q.searches)) for q in report.zero_result_queries]
    else:
        lines.append("None.")
    lines += ["", "### Searches with results but no click", ""]
    if report.no_click_queries:
        lines += [at_least, ""]
        lines += _header("Query", "No click", "With a click", "Results", right=3)
        lines += [
            _row(md(q.query), str(q.searches), str(q.clicked), str(q.results))
            for q in report.no_click_queries
        ]
    else:
        lines.append("None.")
    lines.append("")

    lines += ["## Learned phrases", ""]
    if report.learned_phrases:
        lines += [
            f"Readers who typed these words opened the guide (at least {report.min_clicks} "
            "searches each), although its title and phrases lack them. Add the ones that "
            "describe the problem to the guide's `phrases`; skip typos and unrelated words.",
            "",
        ]
        by_guide: dict[str, list] = {}
        for phrase in report.learned_phrases:
            by_guide.setdefault(phrase.path, []).append(phrase)
        for path, phrases in by_guide.items():
            typed = ", ".join(f"{code(p.query)} ({p.clicks} searches)" for p in phrases)
            lines += [f"**{md(phrases[0].title)}** ({code(path)}): readers typed {typed}.", ""]
            lines += _yaml_block(path, [p.query for p in phrases])
            lines.append("")
    else:
        lines += ["None yet.", ""]

    lines += ["## Guides past their review date", ""]
    if report.stale:
        lines += _header("Guide", "Reviewed", "Review due", "Days overdue", right=1)
        lines += [
            _row(
                f"{md(s.title)} ({code(s.path)})",
                s.reviewed.isoformat(),
                s.due.isoformat(),
                str(s.days_overdue),
            )
            for s in report.stale
        ]
        if report.stale_total > len(report.stale):
            more = report.stale_total - len(report.stale)
            lines.append(f"\n_{more} more not shown; raise `--limit` to see them._")
    else:
        lines.append("None: every guide is within its review date.")
    lines.append("")
    lines += _learning(report.learning)
    lines += _troubleshooting(report.troubleshooting)
    return "\n".join(lines)


def _learning(learning: Learning) -> list[str]:
    """The lessons: questions most people miss as a checklist, every question, where they stop."""
    lines = ["## Lessons", ""]
    if learning.is_empty:
        return [*lines, learning_empty(), ""]
    lines += [
        f"From {learning.answers} answers to lessons' checks, {learning.first_tries} of them "
        f"first tries ({learning.right_first} right).",
        "",
        f"### {MAY_NOT_TEACH}",
        "",
        missed_rule(learning),
        "",
    ]
    if learning.missed:
        for question in learning.missed:
            lines.append(
                f"- [ ] **{md(question.lesson_title)}** ({code(question.lesson)}), "
                f"{code(question.question)}: {md(question.text)}"
            )
            lines.append(f"  - {md(first_try_text(question))}")
            wrong = wrong_option_text(question)
            if wrong:
                lines.append(f"  - The wrong answer most chosen: {md(wrong)}")
    else:
        lines.append("None yet.")
    lines.append("")
    if learning.questions:
        lines += ["### Every question answered", ""]
        lines += _header(
            "Lesson", "Question", "Wrong answer most chosen", "First tries", "Right", "Share",
            right=3,
        )  # fmt: skip
        for question in learning.questions:
            lines.append(
                _row(
                    f"{md(question.lesson_title)} ({code(question.lesson)})",
                    f"{code(question.question)} {md(question.text)}",
                    md(wrong_option_text(question)),
                    str(question.first_tries),
                    str(question.right_first),
                    percent(question.share),
                )
            )
        lines.append("")
    for course in learning.courses:
        lines += [f"### Where readers stop: {md(course.title)}", ""]
        lines += _header("#", "Lesson", "Opened", "Finished", right=2)
        lines += [
            _row(
                str(lesson.number),
                f"{md(lesson.title)} ({code(lesson.path)})",
                str(lesson.opened),
                str(lesson.finished),
            )
            for lesson in course.lessons
        ]
        lines += ["", md(stop_text(course)), ""]
    return lines


def _troubleshooting(troubleshooting: Troubleshooting) -> list[str]:
    """The branches to look at as a checklist, then a table of every tree's ways through."""
    lines = ["## Troubleshooters", ""]
    if troubleshooting.is_empty:
        return [*lines, troubleshooting_empty(), ""]
    lines += ["### Branches to look at", "", findings_rule(troubleshooting), ""]
    if troubleshooting.findings:
        lines += [
            f"- [ ] **{md(f.title)}** ({code(f.troubleshooter)}): {md(f.text)}"
            for f in troubleshooting.findings
        ]
    else:
        lines.append("None yet.")
    lines.append("")
    for tree in troubleshooting.trees:
        lines += [f"### {md(tree.title)} ({code(tree.path)})", "", md(tree_text(tree)), ""]
        changed = changed_text(tree)
        if changed:
            lines += [md(changed), ""]
        lines += _header(
            "Way through", "Readers", "Went on", "Stopped here", "Asked for a person", right=4
        )
        for row in tree.rows:
            question = row.kind == "question"
            way = md(path_text(row)) + ("" if row.known else f" _({GONE_MARK})_")
            lines.append(
                _row(
                    way,
                    str(row.readers),
                    str(row.went_on) if question else "–",
                    str(row.stopped) if question else "–",
                    str(row.desk),
                )
            )
        lines.append("")
    if troubleshooting.unopened:
        names = ", ".join(md(title) for title in troubleshooting.unopened)
        lines += [f"Nobody opened: {names}.", ""]
    return lines
