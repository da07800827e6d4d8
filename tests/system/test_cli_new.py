"""`kb new`: writes a guide from the template that validates and builds strictly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from portal.guides.articles import load_content
from portal.guides.vocabulary import GUIDE_SECTIONS
from tests.support.kb import run_kb


def test_new_guide_validates_and_builds(content_dir: Path, tmp_path: Path) -> None:
    result = run_kb(
        "new",
        "Can't print: printer offline?",
        "--section",
        "printing",
        "--content",
        str(content_dir),
    )
    assert result.returncode == 0, result.stderr
    path = content_dir / "printing" / "cant-print-printer-offline.md"
    assert f"Wrote {path}" in result.stdout.replace("\n", "")
    content = load_content(content_dir)
    assert content.problems == []
    guide = content.get("printing/cant-print-printer-offline")
    assert guide is not None
    assert guide.title == "Can't print: printer offline?"
    assert guide.reviewed == dt.date.today()
    assert guide.section == "printing"
    # The template's sections are the vocabulary's, in its order.
    headings = [line[3:] for line in guide.body.splitlines() if line.startswith("## ")]
    assert headings == list(GUIDE_SECTIONS)
    assert "# Can't print: printer offline?" in guide.body

    site = tmp_path / "site"
    built = run_kb("build", "--content", str(content_dir), "--site", str(site))
    assert built.returncode == 0, built.stderr
    assert not [line for line in built.stderr.splitlines() if line.startswith("warning:")]
    page = (site / "printing" / "cant-print-printer-offline" / "index.html").read_text()
    assert "Can&#39;t print: printer offline?" in page or "Can't print: printer offline?" in page


def test_new_refuses_to_overwrite(content_dir: Path) -> None:
    target = content_dir / "printing" / "clear-paper-jam.md"
    before = target.read_text()
    result = run_kb(
        "new", "Clear paper jam", "--section", "printing", "--content", str(content_dir)
    )
    assert result.returncode == 1
    assert "already exists; nothing was changed" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_text() == before


def test_new_refuses_a_slug_used_in_another_section(content_dir: Path) -> None:
    result = run_kb("new", "Clear paper jam", "--section", "devices", "--content", str(content_dir))
    assert result.returncode == 1
    assert "already used by" in result.stderr
    assert not (content_dir / "devices").exists()


def test_new_rejects_a_bad_section_in_one_sentence(content_dir: Path) -> None:
    result = run_kb("new", "Fix it", "--section", "My Stuff", "--content", str(content_dir))
    assert result.returncode == 1
    assert "is not a folder name" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_command_has_help() -> None:
    for command in ("new", "build", "serve", "settings"):
        result = run_kb(command, "--help")
        assert result.returncode == 0
        assert "Usage: " in result.stdout
    listed = run_kb("--help").stdout
    assert all(name in listed for name in ("new", "build", "serve"))
