"""Charts for the dashboard, drawn on the server as SVG: no JavaScript, nothing to download.

Each chart comes with a sentence that gives its numbers in words and the table it was drawn
from, so a screen reader user (or anyone) gets the same facts as a sighted reader.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from portal.guides.vocabulary import FEEDBACK_QUESTION
from portal.report.model import DailyPoint
from portal.report.svg import (
    bar_svg,
    line_svg,
    percent,
    share_ceiling,
)
from portal.words import long_day, plural


@dataclass
class Chart:
    """One chart: the SVG, what it shows in words, and the numbers as table rows."""

    id: str
    title: str
    summary: str
    svg: Markup
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def helpful_share_chart(daily: Sequence[DailyPoint]) -> Chart:
    """The share of "Yes, it helped" answers on each day that had votes."""
    values = [_share(p.helpful, p.votes) for p in daily]
    votes = sum(p.votes for p in daily)
    helpful = sum(p.helpful for p in daily)
    words = [_period(daily)]
    if votes:
        words.append(
            f"{helpful:,} of {plural(votes, 'vote')} said the guide helped "
            f"({percent(helpful / votes)})."
        )
        words.append(
            _extremes(daily, lambda p: (p.helpful, p.votes), lambda p: plural(p.votes, "vote"))
        )
        quiet = sum(1 for p in daily if not p.votes)
        if quiet:
            words.append(f"{plural(quiet, 'day')} had no votes.")
    else:
        words.append(f"Nobody answered “{FEEDBACK_QUESTION}” in this period.")
    chart_id = "kb-chart-helpful"
    title = "Helpful share by day"
    return Chart(
        id=chart_id,
        title=title,
        summary=" ".join(words),
        svg=line_svg(chart_id, title, " ".join(words), daily, values, "No votes yet"),
        columns=["Day", "Votes", "Helpful", "Helpful share"],
        rows=[
            [long_day(p.day), f"{p.votes:,}", f"{p.helpful:,}", percent(_share(p.helpful, p.votes))]
            for p in daily
        ],
    )


def searches_chart(daily: Sequence[DailyPoint]) -> Chart:
    """How many searches people made each day."""
    total = sum(p.searches for p in daily)
    words = [_period(daily)]
    if total:
        busiest = max(daily, key=lambda p: p.searches)
        quietest = min(daily, key=lambda p: p.searches)
        words.append(
            f"{plural(total, 'search')} in all, {total / len(daily):,.1f} a day on average."
        )
        words.append(
            f"Busiest: {long_day(busiest.day)} with "
            f"{plural(busiest.searches, 'search')}. "
            f"Quietest: {long_day(quietest.day)} with "
            f"{plural(quietest.searches, 'search')}."
        )
    else:
        words.append("Nobody searched in this period.")
    chart_id = "kb-chart-searches"
    title = "Searches per day"
    return Chart(
        id=chart_id,
        title=title,
        summary=" ".join(words),
        svg=bar_svg(chart_id, title, " ".join(words), daily, [p.searches for p in daily]),
        columns=["Day", "Searches"],
        rows=[[long_day(p.day), f"{p.searches:,}"] for p in daily],
    )


def zero_result_chart(daily: Sequence[DailyPoint]) -> Chart:
    """The share of searches that found no guide, on each day that had searches."""
    values = [_share(p.zero_results, p.searches) for p in daily]
    total = sum(p.searches for p in daily)
    zero = sum(p.zero_results for p in daily)
    words = [_period(daily)]
    if total:
        words.append(
            f"{zero:,} of {plural(total, 'search')} found no guide ({percent(zero / total)})."
        )
        words.append(
            _extremes(
                daily,
                lambda p: (p.zero_results, p.searches),
                lambda p: f"{p.zero_results:,} of {p.searches:,}",
            )
        )
    else:
        words.append("Nobody searched in this period.")
    chart_id = "kb-chart-zero"
    title = "Searches that found nothing, by day"
    return Chart(
        id=chart_id,
        title=title,
        summary=" ".join(words),
        svg=line_svg(
            chart_id,
            title,
            " ".join(words),
            daily,
            values,
            "No searches yet",
            share_ceiling(values),
        ),
        columns=["Day", "Searches", "Found nothing", "Share"],
        rows=[
            [
                long_day(p.day),
                f"{p.searches:,}",
                f"{p.zero_results:,}",
                percent(_share(p.zero_results, p.searches)),
            ]
            for p in daily
        ],
    )


def _extremes(
    daily: Sequence[DailyPoint],
    fraction: Callable[[DailyPoint], tuple[int, int]],
    detail: Callable[[DailyPoint], str],
) -> str:
    """ "Highest: 82 % on ... (80 votes). Lowest: ..." over the days that have a share."""
    counted = [p for p in daily if fraction(p)[1]]

    def share(point: DailyPoint) -> float:
        part, whole = fraction(point)
        return part / whole

    high = max(counted, key=lambda p: (share(p), fraction(p)[1]))
    low = min(counted, key=lambda p: (share(p), -fraction(p)[1]))
    return (
        f"Highest: {percent(share(high))} on {long_day(high.day)} ({detail(high)}). "
        f"Lowest: {percent(share(low))} on {long_day(low.day)} ({detail(low)})."
    )


def dashboard_charts(daily: Sequence[DailyPoint]) -> list[Chart]:
    """The dashboard's charts, in the order they are shown."""
    return [helpful_share_chart(daily), searches_chart(daily), zero_result_chart(daily)]


def _period(daily: Sequence[DailyPoint]) -> str:
    if not daily:
        return "There are no days in this period."
    return f"From {long_day(daily[0].day)} to {long_day(daily[-1].day)}."
