"""The report as tables in a terminal; what readers typed is shown as plain text."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from portal.report.model import Learning, PathRow, Report, Troubleshooting
from portal.report.wording import (
    GONE_MARK,
    MAY_NOT_TEACH,
    answer_text,
    changed_text,
    empty_message,
    findings_rule,
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
from portal.words import percent, plural

SPARKS = "▁▂▃▄▅▆▇█"


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
                f"{plural(totals['searches'], 'search')} "
                f"({totals['zero_results']:,} found nothing, "
                f"{totals['no_click']:,} had results but no click), "
                f"{plural(totals['clicks'], 'click')}, "
                f"{plural(totals['votes'], 'vote')} ({totals['helpful']:,} helpful)."
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
                percent(guide.share),
                percent(guide.wilson),
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
                plural(stale.days_overdue, "day"),
            )
        console.print(table)
    if not report.is_empty and not (
        report.fix_next or report.zero_result_queries or report.no_click_queries
    ):
        console.print(Text("Nothing needs fixing right now."))
    console.print()
    print_learning(report.learning, console)
    print_troubleshooting(report.troubleshooting, console)


def print_learning(learning: Learning, console: Console) -> None:
    """The lessons' part: questions most people miss, every question, where readers stop."""
    console.print(Text("Lessons", style="bold"))
    if learning.is_empty:
        console.print(Text(learning_empty()))
        console.print()
        return
    console.print(
        Text(
            f"{plural(learning.answers, 'answer')} to lessons' checks, "
            f"{plural(learning.first_tries, 'first try', 'first tries')} "
            f"({learning.right_first:,} right)."
        )
    )
    if learning.missed:
        table = _table(
            MAY_NOT_TEACH,
            "Lesson", "Question", "Right on the first try", "Wrong answer most chosen",
        )  # fmt: skip
        for question in learning.missed:
            table.add_row(
                _guide(question.lesson_title, question.lesson),
                Text(question.text),
                f"{question.right_first:,} of {question.first_tries:,} ({percent(question.share)})",
                Text(wrong_option_text(question)),
            )
        console.print(table)
        console.print(Text(missed_rule(learning)))
    else:
        console.print(Text(f"No question is missed by most readers yet. {missed_rule(learning)}"))
    if learning.questions:
        table = _table(
            "Every question answered",
            "Lesson", "Question", "First tries", "Right", "Share", "Wrong answer most chosen",
            right=("First tries", "Right", "Share"),
        )  # fmt: skip
        for question in learning.questions:
            table.add_row(
                _guide(question.lesson_title, question.lesson),
                Text(question.text if question.known else f"{question.text} (no longer there)"),
                str(question.first_tries),
                str(question.right_first),
                percent(question.share),
                Text(wrong_option_text(question)),
            )
        console.print(table)
    for course in learning.courses:
        table = _table(
            f"Where readers stop: {course.title}",
            "#", "Lesson", "Opened", "Finished", right=("#", "Opened", "Finished"),
        )  # fmt: skip
        for lesson in course.lessons:
            table.add_row(
                str(lesson.number),
                _guide(lesson.title, lesson.path),
                str(lesson.opened),
                str(lesson.finished),
            )
        console.print(table)
        console.print(Text(stop_text(course)))
    console.print()


def _way(row: PathRow) -> Text:
    text = Text(path_text(row))
    if not row.known:
        text.append(f" ({GONE_MARK})", style="dim")
    return text


def print_troubleshooting(troubleshooting: Troubleshooting, console: Console) -> None:
    """The troubleshooters' part: the branches to look at, then every tree's ways through."""
    console.print(Text("Troubleshooters", style="bold"))
    if troubleshooting.is_empty:
        console.print(Text(troubleshooting_empty()))
        console.print()
        return
    if troubleshooting.findings:
        table = _table("Branches to look at", "Troubleshooter", "What to look at")
        for finding in troubleshooting.findings:
            table.add_row(_guide(finding.title, finding.troubleshooter), Text(finding.text))
        console.print(table)
        console.print(Text(findings_rule(troubleshooting)))
    else:
        console.print(Text(f"No branch needs a look yet. {findings_rule(troubleshooting)}"))
    for tree in troubleshooting.trees:
        table = _table(
            f"{tree.title} ({tree.path})",
            "Way through", "Readers", "Went on", "Stopped here", "Asked for a person",
            right=("Readers", "Went on", "Stopped here", "Asked for a person"),
        )  # fmt: skip
        for row in tree.rows:
            question = row.kind == "question"
            table.add_row(
                _way(row),
                str(row.readers),
                str(row.went_on) if question else "–",
                str(row.stopped) if question else "–",
                str(row.desk),
            )
        console.print(table)
        console.print(Text(tree_text(tree)))
        changed = changed_text(tree)
        if changed:
            console.print(Text(changed))
    if troubleshooting.unopened:
        console.print(Text(f"Nobody opened: {', '.join(troubleshooting.unopened)}."))
    console.print()
