"""`kb index` and `kb lint` on a folder written for other tools: a few lines, and built."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.files import write
from tests.support.kb import run_kb

PAGES = {
    "index.md": "# Staff handbook\n\nEverything about working here.\n",
    "about-us/org-chart.md": "---\nlayout: page\npermalink: /org/\nnav_order: 2\n---\n"
    "# Org chart\n\nWho reports to whom.\n",
    "people/org-chart.md": "---\ntitle: People's org chart\nweight: 3\ndraft: false\n---\n"
    "The people team's chart.\n",
    "it/passwords.md": "---\ntitle: Requirements for Passwords\nkeywords: [password rules]\n"
    "sidebar_position: 1\n---\n\nUse twelve characters.\n\n<details>\n"
    "<summary>Which ID can I use?</summary>\n\nYour staff card works.\n\n</details>\n",
    "it/passwords.fr.md": "---\ntitle: Exigences des mots de passe\n---\n\nDouze caractères.\n",
    "it/broken.md": "---\ntitle: Broken: here\n---\n# Broken\n",
}


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    for name, text in PAGES.items():
        write(docs, name, text)
    (docs / "it" / "latin.md").write_bytes("# Caf\xe9 menu\n".encode("latin-1"))
    return docs


def test_kb_index_on_a_foreign_folder_prints_a_few_lines_and_builds(
    foreign: Path, tmp_path: Path
) -> None:
    result = run_kb("index", "--content", str(foreign), env={"KB_VAR_DIR": str(tmp_path / "var")})
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        f"{foreign}/it/broken.md:2: warning: front matter is not valid YAML: mapping values are "
        "not allowed in this context (a value with a colon in it needs quotes around it); the "
        "page was skipped",
        f"{foreign}/it/latin.md:1: warning: is not UTF-8 text; the page was skipped",
        "4 pages are not Plainhelp guides: 4 without Plainhelp's own fields (a missing title or "
        "description is taken from the page); 3 with front matter of other tools (layout, "
        "permalink, nav_order, sidebar_position, weight, draft), read and ignored. Use --verbose "
        "to list them.",
    ]
    assert result.stdout.startswith("Indexed 4 guides")
    assert "Traceback" not in result.stderr

    found = run_kb(
        "search",
        "password rules",
        "--format",
        "json",
        "--content",
        str(foreign),
        env={"KB_VAR_DIR": str(tmp_path / "var")},
    )
    assert found.returncode == 0, found.stderr
    assert '"/it/passwords/"' in found.stdout


def test_verbose_lists_every_note(foreign: Path, tmp_path: Path) -> None:
    result = run_kb(
        "index", "--verbose", "--content", str(foreign), env={"KB_VAR_DIR": str(tmp_path / "var")}
    )
    assert result.returncode == 0, result.stderr
    assert (
        f"{foreign}/about-us/org-chart.md:2: note: front matter of another tool (`layout`, "
        "`permalink`, `nav_order`) is read and ignored" in result.stderr
    )
    assert f"{foreign}/index.md" not in result.stderr  # home pages are not guides
    assert "Use --verbose" not in result.stderr


def test_kb_lint_tells_the_same_in_one_line(foreign: Path) -> None:
    result = run_kb("lint", "--content", str(foreign), "--format", "json")
    assert "4 pages are not Plainhelp guides" in result.stderr
    assert "note:" not in result.stderr
    verbose = run_kb("lint", "--verbose", "--content", str(foreign), "--format", "json")
    assert f"{foreign}/people/org-chart.md:1: note: has no Plainhelp front matter" in (
        verbose.stderr
    )
    assert "Use --verbose" not in verbose.stderr


def test_a_content_folder_that_is_not_there_is_one_sentence(tmp_path: Path) -> None:
    result = run_kb("index", "--content", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: The folder {tmp_path}/nowhere is not a folder of Markdown guides."
    ]
