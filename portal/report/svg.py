"""Drawing the dashboard's charts as SVG: axes, grid, day labels, a line or bars."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from portal.report.model import DailyPoint
from portal.words import NBSP
from portal.words import percent as plain_percent

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 14, 34
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


def percent(value: float | None) -> str:
    """A share as `kb report` writes it ("49 %", kept on one line); a dash without data."""
    return plain_percent(value, missing="–", space=NBSP)


def short_day(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def _x(index: int, count: int) -> float:
    """The middle of day `index`'s column."""
    return LEFT + (index + 0.5) * PLOT_W / max(count, 1)


def _y(fraction: float) -> float:
    return TOP + PLOT_H * (1 - fraction)


def _open(chart_id: str, title: str, summary: str) -> list[str]:
    return [
        f'<svg class="kb-chart__svg" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
    ]


def _grid(ticks: Sequence[tuple[float, str]]) -> list[str]:
    """Horizontal lines at each (fraction of height, label), labels at the left."""
    parts = []
    for fraction, label in ticks:
        y = _y(fraction)
        parts.append(
            f'<line class="kb-chart__grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
            f'y1="{y:.1f}" y2="{y:.1f}" stroke="#767676" stroke-opacity="0.35"/>'
        )
        parts.append(
            f'<text class="kb-chart__label" x="{LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end" font-size="12" fill="currentColor">{escape(label)}</text>'
        )
    return parts


def _day_labels(daily: Sequence[DailyPoint]) -> list[str]:
    """The first and last day, and a few between when there is room."""
    count = len(daily)
    if not count:
        return []
    wanted = count if count <= 7 else 5
    indexes = sorted({round(i * (count - 1) / max(wanted - 1, 1)) for i in range(wanted)})
    parts = []
    for index in indexes:
        anchor = "middle"
        if count > 1 and index == 0:
            anchor = "start"
        elif count > 1 and index == count - 1:
            anchor = "end"
        x = _x(index, count)
        if anchor == "start":
            x = LEFT
        elif anchor == "end":
            x = WIDTH - RIGHT
        parts.append(
            f'<text class="kb-chart__label" x="{x:.1f}" y="{HEIGHT - 10}" '
            f'text-anchor="{anchor}" font-size="12" fill="currentColor">'
            f"{escape(short_day(daily[index].day))}</text>"
        )
    return parts


def _empty_note(text: str) -> str:
    return (
        f'<text class="kb-chart__empty" x="{LEFT + PLOT_W / 2:.1f}" y="{TOP + PLOT_H / 2:.1f}" '
        f'text-anchor="middle" font-size="14" fill="currentColor">{escape(text)}</text>'
    )


def line_svg(
    chart_id: str,
    title: str,
    summary: str,
    daily: Sequence[DailyPoint],
    values: Sequence[float | None],
    empty: str,
    top: float = 1.0,
) -> Markup:
    """Shares from 0 to `top`; a day without data breaks the line instead of reading as 0 %."""
    parts = _open(chart_id, title, summary)
    parts += _grid([(step / 4, _tick(top * step / 4)) for step in range(5)])
    parts += _day_labels(daily)
    count = len(values)
    runs: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((_x(index, count), _y(min(value / top, 1.0))))
    for run in runs:
        if len(run) > 1:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            parts.append(
                f'<polyline class="kb-chart__line" points="{points}" fill="none" '
                f'stroke="#3f51b5" stroke-width="2.5" stroke-linejoin="round"/>'
            )
    for index, value in enumerate(values):
        if value is not None:
            parts.append(
                f'<circle class="kb-chart__point" cx="{_x(index, count):.1f}" '
                f'cy="{_y(min(value / top, 1.0)):.1f}" r="3.5" fill="#3f51b5">'
                f"<title>{escape(short_day(daily[index].day))}: {percent(value)}</title></circle>"
            )
    if all(value is None for value in values):
        parts.append(_empty_note(empty))
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _tick(share: float) -> str:
    text = f"{share * 100:.1f}".removesuffix(".0")
    return f"{text}\u00a0%"


def share_ceiling(values: Sequence[float | None]) -> float:
    """A top for the share axis that keeps small shares readable (a 1 % line is not flat)."""
    highest = max((value for value in values if value is not None), default=0.0)
    return next(top for top in (0.02, 0.04, 0.1, 0.2, 0.4, 1.0) if highest <= top)


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten that is at least `value` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def bar_svg(
    chart_id: str, title: str, summary: str, daily: Sequence[DailyPoint], counts: Sequence[int]
) -> Markup:
    """Counts as bars, on a scale that ends at a round number."""
    parts = _open(chart_id, title, summary)
    top = nice_ceiling(max(counts, default=0))
    ticks = [(0.0, "0"), (1.0, f"{top:,}")]
    if top >= 2 and top % 2 == 0:
        ticks.insert(1, (0.5, f"{top // 2:,}"))
    parts += _grid(ticks)
    parts += _day_labels(daily)
    count = len(counts)
    band = PLOT_W / max(count, 1)
    width = max(band * 0.7, 1.0)
    for index, value in enumerate(counts):
        if not value:
            continue
        height = PLOT_H * value / top
        x = _x(index, count) - width / 2
        parts.append(
            f'<rect class="kb-chart__bar" x="{x:.1f}" y="{TOP + PLOT_H - height:.1f}" '
            f'width="{width:.1f}" height="{height:.1f}" fill="#3f51b5">'
            f"<title>{escape(short_day(daily[index].day))}: {value:,}</title></rect>"
        )
    if not any(counts):
        parts.append(_empty_note("No searches yet"))
    parts.append("</svg>")
    return Markup("\n".join(parts))
