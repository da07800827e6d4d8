"""The dashboard's charts, drawn in-process from daily figures: gaps, bars and readable axes."""

from __future__ import annotations

import datetime as dt

from portal.report.charts import helpful_share_chart, searches_chart, zero_result_chart
from portal.report.model import DailyPoint
from portal.report.svg import nice_ceiling, share_ceiling


def test_a_day_without_votes_breaks_the_line_instead_of_reading_as_zero() -> None:
    days = [dt.date(2026, 5, d) for d in (1, 2, 3, 4)]
    daily = [
        DailyPoint(days[0], 4, 1, 2, 2),
        DailyPoint(days[1], 0, 0, 0, 0),
        DailyPoint(days[2], 6, 0, 4, 1),
        DailyPoint(days[3], 2, 2, 2, 1),
    ]
    chart = helpful_share_chart(daily)
    assert str(chart.svg).count("<polyline") == 1  # 3 May to 4 May; 1 May stands alone
    assert str(chart.svg).count("<circle") == 3
    assert "4 of 8 votes said the guide helped (50\u00a0%)" in chart.summary
    assert "Highest: 100\u00a0% on 1 May 2026 (2 votes)" in chart.summary
    assert "Lowest: 25\u00a0% on 3 May 2026 (4 votes)" in chart.summary
    assert "1 day had no votes" in chart.summary
    assert chart.rows[1] == ["2 May 2026", "0", "0", "–"]

    bars = searches_chart(daily)
    assert "12 searches in all, 3.0 a day on average" in bars.summary
    assert str(bars.svg).count("<rect") == 3  # no bar for a day without searches
    assert [nice_ceiling(n) for n in (0, 1, 3, 7, 10, 11, 45, 101)] == [
        1,
        1,
        5,
        10,
        10,
        20,
        50,
        200,
    ]


def test_a_small_zero_result_share_gets_a_readable_axis() -> None:
    assert share_ceiling([0.004, None, 0.013]) == 0.02
    assert share_ceiling([0.3]) == 0.4 and share_ceiling([]) == 0.02
    day = dt.date(2026, 11, 1)
    daily = [DailyPoint(day + dt.timedelta(days=n), 100, n, 0, 0) for n in range(3)]
    svg = str(zero_result_chart(daily).svg)
    assert "1.5\u00a0%" in svg and "0.5\u00a0%" in svg  # the axis climbs to 2 %, not 100 %
    assert "100\u00a0%" not in svg
    assert "2\u00a0%</title>" in svg  # each point still names its real share
