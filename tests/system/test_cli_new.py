"""`kb new`: writes a guide from the template that validates and builds strictly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from portal.guides.articles import load_content
from portal.guides.vocabulary import GUIDE_SECTIONS
from tests.support.files import write
from tests.support.kb import run_kb

FILLED_BODY = """\
# Can't print: printer offline?

Your computer cannot reach the printer, so it says offline. You can usually fix it in a few minutes.

## Before you start

- Stand near the printer, so you can see its screen.

## What to do

1. Check that the printer's screen is on.
2. Restart your computer.
3. Print the page again.

## Did it work?

The page comes out of the printer.

## Why this happens

The printer and your computer lost touch, often after the printer went to sleep.

## Avoid it next time

- Leave the printer turned on at the end of the day.

## Related guides

- [Clear a paper jam](clear-paper-jam.md)
"""


def _fill_in(text: str) -> str:
    """The writer's own words in place of every example sentence of the template."""
    front, _, _ = text.partition("\n# ")
    front = front.replace(
        "description: One plain sentence that says what this guide helps with.",
        "description: Print again when your computer says the printer is offline.",
    )
    start = front.index("phrases:")
    end = front.index("owner:")
    phrases = "phrases:\n  - printer offline\n  - cannot print\n"
    return front[:start] + phrases + front[end:] + "\n" + FILLED_BODY


def test_new_guide_validates_and_builds_once_filled_in(content_dir: Path, tmp_path: Path) -> None:
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

    # Untouched, the template's example text fails lint, each sentence named with what to write.
    linted = run_kb("lint", str(path), "--content", str(content_dir))
    assert linted.returncode == 1, linted.stdout
    report = linted.stdout.replace("\n", " ")
    assert "error template-text" in report
    assert "“Open the app or setting that the problem is in.” is still the template’s" in report
    assert "write the real steps for this problem, one action each" in report
    assert "One plain sentence that says what this guide helps with." in report

    path.write_text(_fill_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    linted = run_kb("lint", str(path), "--content", str(content_dir))
    assert linted.returncode == 0, linted.stdout
    assert "template-text" not in linted.stdout

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
    result = run_kb(
        "new",
        "Clear paper jam",
        "--section",
        "devices",
        "--new-section",
        "--content",
        str(content_dir),
    )
    assert result.returncode == 1
    assert "already used by" in result.stderr
    assert not (content_dir / "devices").exists()


def test_new_rejects_a_bad_section_in_one_sentence(content_dir: Path) -> None:
    result = run_kb("new", "Fix it", "--section", "My Stuff", "--content", str(content_dir))
    assert result.returncode == 1
    assert "is not a folder name" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_refuses_an_unknown_section_and_names_the_closest(content_dir: Path) -> None:
    write(content_dir, "email/index.md", "# Email\n")
    result = run_kb("new", "Fix it", "--section", "printng", "--content", str(content_dir))
    assert result.returncode == 1
    error = " ".join(result.stderr.split())
    assert "There is no section called 'printng'. Did you mean printing?" in error
    assert "The sections are: email, printing." in error
    assert "add --new-section" in error
    assert "Traceback" not in result.stderr
    assert not (content_dir / "printng").exists()
    assert sorted(p.name for p in content_dir.iterdir()) == ["email", "index.md", "printing"]


def test_new_section_is_started_only_when_asked(content_dir: Path) -> None:
    result = run_kb(
        "new",
        "Book a meeting room",
        "--section",
        "meeting-rooms",
        "--new-section",
        "--content",
        str(content_dir),
    )
    assert result.returncode == 0, result.stderr
    folder = content_dir / "meeting-rooms"
    assert (folder / "book-a-meeting-room.md").is_file()
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert "title: Meeting rooms" in index
    assert "- [Book a meeting room](book-a-meeting-room.md)" in index
    content = load_content(content_dir)
    assert content.problems == []
    assert content.get("meeting-rooms/book-a-meeting-room") is not None

    # The section exists now: the next guide needs no flag, and the page is left as it is.
    again = run_kb(
        "new", "Cancel a booking", "--section", "meeting-rooms", "--content", str(content_dir)
    )
    assert again.returncode == 0, again.stderr
    assert (folder / "index.md").read_text(encoding="utf-8") == index


def test_every_command_has_help() -> None:
    for command in ("new", "build", "serve", "settings"):
        result = run_kb(command, "--help")
        assert result.returncode == 0
        assert "Usage: " in result.stdout
    listed = run_kb("--help").stdout
    assert all(name in listed for name in ("new", "build", "serve"))


def _course_files(content_dir: Path) -> dict[str, str]:
    return {
        str(path.relative_to(content_dir)): path.read_text(encoding="utf-8")
        for path in sorted(content_dir.rglob("*.md"))
    }


def test_new_course_and_lesson_are_written_and_listed(content_dir: Path) -> None:
    started = run_kb("new", "--course", "Staying safe online", "--content", str(content_dir))
    assert started.returncode == 0, started.stderr
    folder = content_dir / "learn" / "staying-safe-online"
    assert "kind: course\n" in (folder / "index.md").read_text()
    finished = (folder / "finished.md").read_text()
    assert "kind: course-finished" in finished
    assert "title: 'You finished: Staying safe online'" in finished
    first = run_kb(
        "new",
        "Spot a fake email",
        "--lesson",
        "--course",
        "staying-safe-online",
        "--content",
        str(content_dir),
    )
    assert first.returncode == 0, first.stderr
    second = run_kb(
        "new",
        "Lock your screen",
        "--lesson",
        "--course",
        "staying-safe-online",
        "--content",
        str(content_dir),
    )
    assert second.returncode == 0, second.stderr
    content = load_content(content_dir)
    index = content.get("learn/staying-safe-online/index")
    assert index is not None
    assert index.meta["lessons"] == ["spot-a-fake-email", "lock-your-screen"]
    lesson = content.get("learn/staying-safe-online/spot-a-fake-email")
    assert lesson is not None and lesson.meta["kind"] == "lesson" and lesson.minutes == 3
    assert '!!! check "' in lesson.body
    assert not [p for p in content.problems if p.path.startswith(str(folder))]
    # Untouched, the templates' example sentences are errors (and the example check still parses).
    linted = run_kb("lint", str(folder), "--content", str(content_dir))
    assert linted.returncode == 1
    assert "template-text" in linted.stdout + linted.stderr
    assert "check-written" not in linted.stdout + linted.stderr


def test_adding_a_lesson_keeps_the_course_file_as_written(content_dir: Path) -> None:
    index = (
        "---\nkind: course\ntitle: Safe\n# the order readers follow\nlessons:   # in order\n"
        "    - first\n\n    - second  # later\nowner: Desk\n---\n\n# Safe\n\nWords.\n"
    )
    write(content_dir, "learn/safe/index.md", index)
    result = run_kb(
        "new", "Third one", "--lesson", "--course", "safe", "--content", str(content_dir)
    )
    assert result.returncode == 0, result.stderr
    assert (content_dir / "learn/safe/index.md").read_text() == index.replace(
        "    - second  # later\n", "    - second  # later\n    - third-one\n"
    )


def test_a_lesson_for_an_unknown_course_names_the_closest_and_changes_nothing(
    content_dir: Path,
) -> None:
    assert (
        run_kb("new", "--course", "Staying safe online", "--content", str(content_dir)).returncode
        == 0
    )
    before = _course_files(content_dir)
    result = run_kb(
        "new",
        "Spot a fake email",
        "--lesson",
        "--course",
        "staying-safe-onlin",
        "--content",
        str(content_dir),
    )
    assert result.returncode == 1
    error = " ".join(result.stderr.split())
    assert "There is no course called 'staying-safe-onlin'. Did you mean staying-safe-online?" in (
        error
    )
    assert "Traceback" not in result.stderr
    assert _course_files(content_dir) == before


def test_a_lesson_needs_a_course_and_a_course_is_never_overwritten(content_dir: Path) -> None:
    result = run_kb("new", "Spot a fake email", "--lesson", "--content", str(content_dir))
    assert result.returncode == 1
    assert "A lesson needs its title and its course" in " ".join(result.stderr.split())
    assert run_kb("new", "--course", "Safe", "--content", str(content_dir)).returncode == 0
    again = run_kb("new", "--course", "Safe", "--content", str(content_dir))
    assert again.returncode == 1
    assert "already exists; nothing was changed." in " ".join(again.stderr.split())
    bare = run_kb("new", "--content", str(content_dir))
    assert bare.returncode == 1 and "Give a title and a section" in " ".join(bare.stderr.split())
