"""`kb lint` as writers, hooks and CI run it: the real command in a child process."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.support.files import ROOT, TEMPLATE_BODY, write
from tests.support.kb import run_kb

GUIDE = """\
---
title: Clear a paper jam
description: Clear stuck paper from the printer and get printing again.
tags:
  - printing
phrases:
  - paper jam
  - reboot printer
owner: Service Desk
reviewed: {today}
---
"""


# The template's related guides are not in this folder, and links that lead nowhere are
# errors: here they go to parts of the guide itself, so the folder passes every check.
BODY = TEMPLATE_BODY.replace("add-a-printer.md", "#before-you-start").replace(
    "printer-not-printing.md", "#what-to-do"
)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder with one guide that passes every rule."""
    root = tmp_path / "content"
    write(root, "printing/clear-paper-jam.md", GUIDE.format(today=dt.date.today()) + BODY)
    return root


def guide_path(content: Path) -> Path:
    return content / "printing" / "clear-paper-jam.md"


def spoil(content: Path, old: str, new: str) -> Path:
    path = guide_path(content)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return path


def test_a_clean_folder_passes(content: Path) -> None:
    result = run_kb("lint", "--strict", "--content", str(content))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "Checked 1 file: no problems found." in result.stderr


def test_errors_fail_with_path_line_column_rule_message_and_suggestion(content: Path) -> None:
    path = spoil(content, "1. Open the front door.", "1. Simply reboot the printer.")
    result = run_kb("lint", str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"{path}:22:4: error condescension: “Simply” can sound like the task should be easy, "
        "and readers who are stuck feel talked down to. (try: leave “Simply” out)",
        f"{path}:22:11: error jargon: “reboot” is IT jargon that many readers won’t know. "
        "(try: restart)",
    ]
    assert "Checked 1 file: 2 errors (1 tone, 1 jargon) and 0 warnings in 1 of them." in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_warnings_pass_unless_strict(content: Path) -> None:
    path = spoil(content, "1. Open the front door.", "1. The front door must be opened.")
    relaxed = run_kb("lint", str(path))
    assert relaxed.returncode == 0
    assert "warning passive-voice" in relaxed.stdout
    assert "use --strict to make them" in relaxed.stderr
    strict = run_kb("lint", "--strict", str(path))
    assert strict.returncode == 1


def test_json_format(content: Path) -> None:
    path = spoil(content, "1. Open the front door.", "1. Do NOT open the front door.")
    result = run_kb("lint", "--format", "json", str(path))
    assert result.returncode == 0
    (finding,) = json.loads(result.stdout)
    assert finding == {
        "path": str(path),
        "line": 22,
        "column": 7,
        "severity": "warning",
        "rule": "all-caps",
        "message": "“NOT” in capitals reads as shouting, and capitals are slower to read.",
        "suggestion": "not",
        "family": "caps",
        "kind": "capitals",
    }


def test_json_format_with_nothing_found_is_an_empty_array(content: Path) -> None:
    result = run_kb("lint", "--format", "json", "--content", str(content))
    assert json.loads(result.stdout) == []


def test_github_format(content: Path) -> None:
    path = spoil(
        content, "1. Open the front door.", "1. Reboot the printer, then [click here](x.md)."
    )
    result = run_kb("lint", "--format", "github", str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # The link that leads nowhere comes first: it breaks the page, the words only slow it.
    assert lines[0] == (
        f"::error file={path},line=22,col=29,title=broken-link::The link “x.md” leads to a "
        "page that is not in the content folder."
    )
    assert lines[1] == (
        f"::error file={path},line=22,col=4,title=jargon::“Reboot” is IT jargon that many "
        "readers won’t know. (try: Restart)"
    )
    assert lines[2].startswith(f"::error file={path},line=22,col=30,title=link-text::")


def test_folders_files_and_the_content_setting(content: Path, tmp_path: Path) -> None:
    spoil(content, "1. Open the front door.", "1. Reboot the printer.")
    write(content, "printing/index.md", "---\ntitle: Printing\n---\n\n# Printing\n\nGuides.\n")
    by_folder = run_kb("lint", str(content / "printing"))
    assert by_folder.returncode == 1
    assert "Checked 2 files: 1 error (1 jargon) and 0 warnings in 1 of them." in by_folder.stderr
    by_env = run_kb("lint", env={"KB_CONTENT_DIR": str(content)})
    assert by_env.returncode == 1 and "jargon" in by_env.stdout
    by_index = run_kb("lint", str(content / "printing" / "index.md"))
    assert by_index.returncode == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.md", "missing.md does not exist; check the path and try again."),
        ("notes.txt", "notes.txt is not a Markdown file; give .md files or folders."),
    ],
)
def test_bad_paths_are_one_sentence(tmp_path: Path, name: str, message: str) -> None:
    if name.endswith(".txt"):
        write(tmp_path, name, "hello\n")
    result = run_kb("lint", str(tmp_path / name))
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {tmp_path / message}"


def test_inline_switches_through_the_command(content: Path) -> None:
    path = spoil(
        content,
        "1. Open the front door.",
        "<!-- kb-lint disable jargon -->\n1. Reboot the printer.\n<!-- kb-lint enable jargon -->",
    )
    assert run_kb("lint", "--strict", str(path)).returncode == 0


def test_settings_file_from_option_and_from_the_folder(content: Path, tmp_path: Path) -> None:
    path = spoil(content, "1. Open the front door.", "1. Reboot the printer.")
    settings = write(tmp_path, ".kblint.yml", "rules:\n  jargon: warning\n")
    by_option = run_kb("lint", "--config", str(settings), str(path))
    assert by_option.returncode == 0
    assert "warning jargon" in by_option.stdout
    by_folder = run_kb("lint", str(path), cwd=tmp_path)  # the nearest .kblint.yml
    assert by_folder.returncode == 0
    broken = write(tmp_path, "broken.yml", "rules:\n  jargn: off\n")
    result = run_kb("lint", "--config", str(broken), str(path))
    assert result.returncode == 1
    assert "there is no rule or family called `jargn` (did you mean `jargon`?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_new_guide_that_keeps_the_template_text_fails(tmp_path: Path) -> None:
    root = tmp_path / "content"
    root.mkdir()
    made = run_kb(
        "new",
        "Fix a printer that won't print",
        "--section",
        "printing",
        "--new-section",
        "--content",
        str(root),
    )
    assert made.returncode == 0, made.stderr
    result = run_kb("lint", "--content", str(root))
    assert result.returncode == 1, result.stdout
    assert re.search(
        r"fix-a-printer-that-wont-print\.md:\d+:\d+: error template-text:", result.stdout
    )


def test_help_and_rule_list() -> None:
    assert "lint" in run_kb("--help").stdout
    help_text = run_kb("lint", "--help").stdout
    for option in ("--format", "--strict", "--config", "--content", "--list-rules"):
        assert option in help_text
    listed = run_kb("lint", "--list-rules").stdout
    assert re.search(r"^jargon\s+error\s+jargon\s+jargon\.yml$", listed, re.MULTILINE)


def test_pre_commit_hook_runs_kb_lint_on_changed_guides(content: Path) -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert hook["language"] == "system"
    assert hook["entry"] == ".venv/bin/kb lint"
    files = re.compile(hook["files"])
    assert files.search("content/printing/add-a-printer.md")
    assert not files.search("docs/writing-guide.md")
    assert not files.search("content/printing/photo.png")
    entry = shlex.split(hook["entry"])
    if not (ROOT / entry[0]).exists():
        pytest.skip("the project's .venv has no kb command")
    path = spoil(content, "1. Open the front door.", "1. Reboot the printer.")
    ran = subprocess.run([*entry, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 1
    assert "error jargon" in ran.stdout
