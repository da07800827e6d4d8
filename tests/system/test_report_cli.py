"""The `kb report` command end to end: a seeded SQLite file, the four formats, an output file, an
empty store, and errors said in one plain sentence."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from portal.store.database import Store, utc_now
from tests.support.files import write
from tests.support.kb import run_kb
from tests.support.report import PAPER, WEBSITES, WEBSITES_PHRASES, guide, make_content, seed


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A SQLite file seeded relative to the real today, and content with a stale guide."""
    today = utc_now().date()
    url = f"sqlite:///{tmp_path}/kb.sqlite3"
    opened = Store(url)
    opened.migrate()
    seed(opened, today)
    opened.dispose()
    content = make_content(tmp_path / "content", WEBSITES_PHRASES, reviewed=today)
    write(content, f"{PAPER}.md", guide("Fix a paper jam", ["paper jam", "printer jammed"],
                                        today - dt.timedelta(days=400)))  # fmt: skip
    return {"KB_DATABASE_URL": url, "KB_CONTENT_DIR": str(content)}, content


def test_kb_report_markdown(seeded: tuple[dict[str, str], Path]) -> None:
    env, content = seeded
    result = run_kb("report", "--format", "md", "--content", str(content), env=env)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Writers' backlog")
    assert "- [ ] **Websites do not load** (`network/websites-not-loading`)" in text
    assert (
        "  - 3 of 12 readers found it helpful "
        "(we can be fairly sure it helps at least 9 % of readers)"
    ) in text
    assert "- [ ] **Fix a paper jam** (`printing/clear-paper-jam`)" in text
    assert re.search(r"  - Review was due \d+ days ago \(\d{4}-\d\d-\d\d\)", text)
    assert (
        "```yaml\n# content/network/websites-not-loading.md: add to the phrases that are there\n"
        "phrases:\n  - internet phonebook\n```"
    ) in text
    assert "| printer on fire | 3 |" in text
    assert "| vpn slow | 2 | 1 | 4 |" in text


def test_kb_report_csv(seeded: tuple[dict[str, str], Path]) -> None:
    env, _ = seeded
    result = run_kb("report", "--format", "csv", env=env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    sections = [row["section"] for row in rows]
    assert sections[0] == "totals" and rows[0]["searches"] == "14" and rows[0]["votes"] == "30"
    assert sections.count("daily") == 30
    fix = [row for row in rows if row["section"] == "fix_next"]
    assert fix[0]["guide"] == WEBSITES and fix[0]["rank"] == "1" and fix[0]["wilson"] == "0.0889"
    assert "3 of 12 readers found it helpful" in fix[0]["text"]
    learned = [row for row in rows if row["section"] == "learned_phrase"]
    assert [(r["query"], r["guide"], r["clicks"]) for r in learned] == [
        ("internet phonebook", WEBSITES, "2")
    ]
    comments = [row for row in rows if row["section"] == "comment"]
    assert len(comments) == 5 and comments[0]["text"] == "comment 11"
    assert {row["section"] for row in rows} >= {"guide", "zero_results", "no_click", "stale"}


def test_kb_report_json(seeded: tuple[dict[str, str], Path]) -> None:
    env, content = seeded
    result = run_kb("report", "--format", "json", "--days", "7", "--content", str(content), env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("generated", "since", "until", "totals", "guides", "fix_next", "daily",
                "zero_result_queries", "no_click_queries", "learned_phrases", "stale"):  # fmt: skip
        assert key in data
    assert dt.date.fromisoformat(data["until"]) - dt.date.fromisoformat(data["since"]) == (
        dt.timedelta(days=6)
    )
    assert len(data["daily"]) == 7 and data["totals"]["votes"] == 30
    assert data["guides"][0]["path"] == WEBSITES and data["guides"][0]["votes"] == 12
    assert data["fix_next"][0]["why"][1] == "2 readers said it is out of date"
    assert data["learned_phrases"][0]["query"] == "internet phonebook"


def test_kb_report_table_and_output_file(
    seeded: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, _ = seeded
    result = run_kb("report", env={**env, "COLUMNS": "160"})
    assert result.returncode == 0, result.stderr
    for words in ("Fix next", WEBSITES, "printer on fire", "internet phonebook", "Latest comments"):
        assert words in result.stdout
    assert "14 searches (" in result.stdout and "30 votes (" in result.stdout
    one_day = run_kb("report", "--days", "1", env={**env, "COLUMNS": "160"})
    assert "(1 day)" in one_day.stdout and "1 days" not in one_day.stdout
    target = tmp_path / "backlog.md"
    result = run_kb("report", "--format", "md", "--output", str(target), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and f"Wrote the report to {target}." in result.stderr
    assert target.read_text(encoding="utf-8").startswith("# Writers' backlog")


def test_kb_report_on_an_empty_store(tmp_path: Path, content_dir: Path) -> None:
    env = {"KB_DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3"}
    for output_format in ("table", "md"):
        result = run_kb("report", "--format", output_format, "--content", str(content_dir), env=env)
        assert result.returncode == 0, result.stderr
        assert "No feedback or searches yet" in result.stdout


def test_kb_report_errors_are_one_plain_sentence(tmp_path: Path, content_dir: Path) -> None:
    unreachable = {"KB_DATABASE_URL": "postgresql://kb:secret@127.0.0.1:1/kb"}
    result = run_kb("report", "--content", str(content_dir), env=unreachable)
    assert result.returncode == 1
    assert "cannot be reached" in result.stderr and "secret" not in result.stderr
    assert "Traceback" not in result.stderr

    write(content_dir, "printing/broken.md", "---\ntitle: [unclosed\n---\n\nText.\n")
    env = {"KB_DATABASE_URL": f"sqlite:///{tmp_path}/s.sqlite3"}
    result = run_kb("report", "--content", str(content_dir), env=env)
    assert result.returncode == 1
    assert "printing/broken.md" in result.stderr and "`kb build` explains" in result.stderr
    assert "Traceback" not in result.stderr
