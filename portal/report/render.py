"""The Report as a terminal table, a Markdown backlog, CSV or JSON.

Everything readers typed (comments, queries) is data: it is shown as plain text in the
terminal and escaped in Markdown, so nothing in it can break a table or ping a person.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table
from rich.text import Text

from portal.report.model import REASONS, GuideFeedback, Report

SPARKS = "▁▂▃▄▅▆▇█"

# One CSV file for the whole report: `section` says what a row is, and a column means the same
# in every section that uses it (see docs/report.md).
CSV_COLUMNS = (
    "section",
    "rank",
    "guide",
    "title",
    "query",
    "day",
    "votes",
    "helpful",
    "share",
    "wilson",
    "score",
    "searches",
    "zero_results",
    "no_click",
    "clicks",
    "results",
    "reason",
    "reviewed",
    "due",
    "days_overdue",
    "text",
)


def period(report: Report) -> str:
    days = (report.until - report.since).days + 1
    return f"{report.since.isoformat()} to {report.until.isoformat()} ({_count(days, 'day')})"


def empty_message(report: Report) -> str:
    return (
        f"No feedback or searches yet between {report.since.isoformat()} and "
        f'{report.until.isoformat()}. Once readers search and answer "Was this helpful?", '
        "this report fills in."
    )


def share_text(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)} %"


def reasons_text(guide: GuideFeedback) -> str:
    return ", ".join(f"{REASONS.get(key, key)} ({count})" for key, count in guide.reasons)


def answer_text(helpful: bool, reason: str | None) -> str:
    if helpful:
        return "Yes"
    return f"No: {REASONS.get(reason, reason).lower()}" if reason else "No"


# -- terminal --------------------------------------------------------------------------------


def sparkline(values: list[int]) -> str:
    """A day-by-day line of block characters, highest day full."""
    top = max(values, default=0)
    if top == 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[round(v / top * (len(SPARKS) - 1))] for v in values)


def _table(title: str, *columns: str, right: tuple[str, ...] = ()) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", show_lines=False)
    for column in columns:
        table.add_column(column, justify="right" if column in right else "left", overflow="fold")
    return table


def _guide(title: str, path: str) -> Text:
    text = Text(title)
    text.append(f"\n{path}", style="dim")
    return text


def print_report(report: Report, console: Console) -> None:
    """The report as rich tables; every value from readers or guides goes in as plain Text."""
    console.print(Text(f"Plainhelp report, {period(report)}", style="bold"))
    totals = report.totals
    if report.is_empty:
        console.print(Text(empty_message(report)))
    else:
        console.print(
            Text(
                f"{_count(totals['searches'], 'search', 'searches')} "
                f"({totals['zero_results']:,} found nothing, "
                f"{totals['no_click']:,} had results but no click), "
                f"{_count(totals['clicks'], 'click')}, "
                f"{_count(totals['votes'], 'vote')} ({totals['helpful']:,} helpful)."
            )
        )
        console.print(Text(f"Searches per day: {sparkline([d.searches for d in report.daily])}"))
        console.print(Text(f"Votes per day:    {sparkline([d.votes for d in report.daily])}"))
    console.print()

    if report.fix_next:
        table = _table("Fix next", "#", "Guide", "Why", right=("#",))
        for rank, item in enumerate(report.fix_next, start=1):
            table.add_row(str(rank), _guide(item.title, item.path), Text("\n".join(item.why)))
        console.print(table)

    if report.guides:
        table = _table(
            f"Guides readers rated ({report.guides_rated} in all)",
            "Guide", "Votes", "Helpful", "Share", "Wilson 95 %", "Reasons given",
            right=("Votes", "Helpful", "Share", "Wilson 95 %"),
        )  # fmt: skip
        for guide in report.guides:
            table.add_row(
                _guide(guide.title, guide.path),
                str(guide.votes),
                str(guide.helpful),
                share_text(guide.share),
                share_text(guide.wilson),
                Text(reasons_text(guide)),
            )
        console.print(table)
        commented = [g for g in report.guides if g.comments]
        if commented:
            table = _table("Latest comments", "Guide", "Day", "Answer", "Comment")
            for guide in commented:
                for comment in guide.comments:
                    table.add_row(
                        Text(guide.path),
                        comment.day.isoformat(),
                        Text(answer_text(comment.helpful, comment.reason)),
                        Text(comment.text),
                    )
            console.print(table)

    at_least = f"searched at least {report.min_searches} times"
    if report.zero_result_queries:
        table = _table(
            f"Searches that found nothing ({at_least})", "Query", "Searches", right=("Searches",)
        )
        for query in report.zero_result_queries:
            table.add_row(Text(query.query), str(query.searches))
        console.print(table)
    if report.no_click_queries:
        table = _table(
            f"Searches with results but no click ({at_least})",
            "Query", "No click", "With a click", "Results",
            right=("No click", "With a click", "Results"),
        )  # fmt: skip
        for query in report.no_click_queries:
            table.add_row(
                Text(query.query), str(query.searches), str(query.clicked), str(query.results)
            )
        console.print(table)

    if report.learned_phrases:
        table = _table(
            f"Learned phrases (opened by at least {report.min_clicks} searches): "
            "add them to the guide's `phrases`",
            "Guide", "Readers typed", "Searches", "Words the guide lacks",
            right=("Searches",),
        )  # fmt: skip
        for phrase in report.learned_phrases:
            table.add_row(
                _guide(phrase.title, phrase.path),
                Text(phrase.query),
                str(phrase.clicks),
                Text(" ".join(phrase.missing)),
            )
        console.print(table)

    if report.stale:
        table = _table(
            f"Guides past their review date ({report.stale_total} in all)",
            "Guide", "Reviewed", "Review due", "Overdue",
            right=("Overdue",),
        )  # fmt: skip
        for stale in report.stale:
            table.add_row(
                _guide(stale.title, stale.path),
                stale.reviewed.isoformat(),
                stale.due.isoformat(),
                f"{stale.days_overdue} days",
            )
        console.print(table)
    if not report.is_empty and not (
        report.fix_next or report.zero_result_queries or report.no_click_queries
    ):
        console.print(Text("Nothing needs fixing right now."))


# -- Markdown --------------------------------------------------------------------------------

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
            f"\"Was this helpful?\"; made by `kb report` on {report.generated:%Y-%m-%d %H:%M} UTC.",
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
            f"at least {share_text(report.helpful_target)} of readers are helped.",
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
                    share_text(guide.share),
                    share_text(guide.wilson),
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
    return "\n".join(lines)


# -- CSV and JSON ----------------------------------------------------------------------------


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def csv_rows(report: Report) -> list[dict[str, Any]]:
    """One dict per row, keys from CSV_COLUMNS; see docs/report.md for the layout."""
    rows: list[dict[str, Any]] = [
        {"section": "totals", **{k: report.totals.get(k, 0) for k in (
            "searches", "zero_results", "no_click", "clicks", "votes", "helpful",
        )}}
    ]  # fmt: skip
    for rank, item in enumerate(report.fix_next, start=1):
        rows.append(
            {
                "section": "fix_next",
                "rank": rank,
                "guide": item.path,
                "title": item.title,
                "votes": item.votes,
                "helpful": item.helpful,
                "wilson": _number(item.wilson),
                "score": _number(item.score),
                "days_overdue": "" if item.days_overdue is None else item.days_overdue,
                "text": "; ".join(item.why),
            }
        )
    for guide in report.guides:
        rows.append(
            {
                "section": "guide",
                "guide": guide.path,
                "title": guide.title,
                "votes": guide.votes,
                "helpful": guide.helpful,
                "share": _number(guide.share),
                "wilson": _number(guide.wilson),
                "reason": "; ".join(f"{key}={count}" for key, count in guide.reasons),
                "reviewed": guide.reviewed.isoformat() if guide.reviewed else "",
                "due": guide.review_due.isoformat() if guide.review_due else "",
            }
        )
        for comment in guide.comments:
            rows.append(
                {
                    "section": "comment",
                    "guide": guide.path,
                    "title": guide.title,
                    "day": comment.day.isoformat(),
                    "helpful": int(comment.helpful),
                    "reason": comment.reason or "",
                    "text": comment.text,
                }
            )
    for query in report.zero_result_queries:
        rows.append(
            {
                "section": "zero_results",
                "query": query.query,
                "zero_results": query.searches,
                "results": query.results,
            }
        )
    for query in report.no_click_queries:
        rows.append(
            {
                "section": "no_click",
                "query": query.query,
                "no_click": query.searches,
                "clicks": query.clicked,
                "results": query.results,
            }
        )
    for phrase in report.learned_phrases:
        rows.append(
            {
                "section": "learned_phrase",
                "guide": phrase.path,
                "title": phrase.title,
                "query": phrase.query,
                "clicks": phrase.clicks,
                "text": " ".join(phrase.missing),
            }
        )
    for stale in report.stale:
        rows.append(
            {
                "section": "stale",
                "guide": stale.path,
                "title": stale.title,
                "reviewed": stale.reviewed.isoformat(),
                "due": stale.due.isoformat(),
                "days_overdue": stale.days_overdue,
            }
        )
    for point in report.daily:
        rows.append(
            {
                "section": "daily",
                "day": point.day.isoformat(),
                "searches": point.searches,
                "zero_results": point.zero_results,
                "votes": point.votes,
                "helpful": point.helpful,
            }
        )
    return rows


def to_csv(report: Report) -> str:
    """The whole report in one CSV file; the `section` column says what each row is."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(report))
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def to_json(report: Report) -> str:
    """The Report as plain JSON: the dataclasses' fields, dates as ISO text."""
    data = dataclasses.asdict(report)
    data["is_empty"] = report.is_empty
    return json.dumps(data, default=_plain, ensure_ascii=False, indent=2) + "\n"


def _count(number: int, one: str, many: str | None = None) -> str:
    """ "1 vote", "2 votes", "1,204 searches"."""
    return f"{number:,} {one if number == 1 else (many or one + 's')}"
