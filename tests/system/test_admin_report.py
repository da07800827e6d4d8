"""The /admin report over real HTTP, logged in to a real `kb serve` with a seeded SQLite file: the
guides, their Wilson bounds and readers' words escaped, the period selector, the charts, and a
plain 503 when the store cannot be reached."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.admin import PASSWORD, SCRIPT, Setup, inside_frame, logged_in, serve_dashboard
from tests.support.kb import Built
from tests.support.servers import Server, free_port, stop_server


def section(html: str, heading_id: str) -> str:
    """The part of the dashboard from one h2 to the next."""
    return html.split(f'<h2 id="{heading_id}">')[1].split("<h2 ")[0]


def test_after_login_the_report_shows_guides_wilson_bounds_and_escaped_comments(
    dashboard: Server,
) -> None:
    person = logged_in(dashboard)
    page = person.get("/admin")
    assert page.status == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = page.text
    assert "Writers' dashboard" in html
    assert 'href="/printing/clear-paper-jam/">Clear a paper jam</a>' in html
    # 8 of 10: p = 0.8, z = 1.96; (0.8 + 0.19208 - 1.96 * sqrt(0.016 + 0.009604)) / 1.38416
    # = 0.4902, shown as 49 %.
    assert '<td class="kb-admin__sure">at least 49\u00a0%</td>' in html
    assert "How sure we are" in html and "Wilson" not in html
    assert "80\u00a0%" in html and "(8 of 10)" in html
    assert "The steps did not work: 2" in html
    # Readers' words are escaped, never raw.
    assert "The tray was stuck &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT not in html
    assert "internet phonebook &lt;b&gt;" in html
    assert "internet phonebook <b>" not in html
    # Fix next (low bound with 10 votes) and the overdue review.
    fix = section(html, "kb-fix-next")
    assert "Clear a paper jam" in fix and "Connect to the VPN" in fix
    reviews = section(html, "kb-reviews")
    assert "Service Desk" in reviews and "15 January 2020" in reviews
    assert "Connect to the VPN" in reviews and "Clear a paper jam" not in reviews


def test_the_period_selector_changes_the_report(dashboard: Server) -> None:
    person = logged_in(dashboard)
    month = person.get("/admin?days=30").text
    week = person.get("/admin?days=7").text
    assert '<option value="30" selected>' in month
    assert '<option value="7" selected>' in week
    assert "Connect to the VPN" in section(month, "kb-guides")  # its vote was ten days ago
    assert "Connect to the VPN" not in section(week, "kb-guides")
    assert '<option value="30" selected>' in person.get("/admin?days=12345").text


def test_charts_are_accessible_svg_in_the_page(dashboard: Server) -> None:
    html = inside_frame(logged_in(dashboard).get("/admin").text)
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", html, re.DOTALL)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg
        assert "<title id=" in svg and "<desc id=" in svg
    assert "8 of 11 votes said the guide helped (73\u00a0%)" in html
    assert "3 of 4 searches found no guide (75\u00a0%)" in html
    assert html.count('<details class="kb-chart__data">') == 3
    assert "<script" not in "".join(svgs)


def test_an_unreachable_store_gives_a_plain_503(
    built: Built, admin_setup: Setup, tmp_path: Path
) -> None:
    nobody = f"postgresql://kb:secret@127.0.0.1:{free_port()}/kb"
    running = serve_dashboard(
        built, admin_setup, tmp_path / "var", KB_ADMIN_PASSWORD=PASSWORD, KB_DATABASE_URL=nobody
    )
    try:
        person = logged_in(running)
        page = person.get("/admin")
        assert page.status == 503
        assert "cannot reach its database" in page.text
        assert "Traceback" not in page.text and "kb:secret" not in page.text
    finally:
        stop_server(running)
