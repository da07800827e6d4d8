"""`kb build` in a child process on throwaway folders: a broken link or invalid content fails the
build and keeps the old site; any folder of Markdown builds."""

from __future__ import annotations

from pathlib import Path

from tests.support.files import GOOD_GUIDE, write
from tests.support.kb import run_kb


def test_a_broken_link_fails_the_build_and_keeps_the_old_site(
    content_dir: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert run_kb("build", "--content", str(content_dir), "--site", str(site)).returncode == 0
    marker = site / "index.html"
    before = marker.read_text()
    write(
        content_dir,
        "printing/broken.md",
        GOOD_GUIDE.replace("# Fix a paper jam", "# Broken\n\nSee [this](missing.md).").replace(
            "title: Fix a paper jam", "title: Broken link"
        ),
    )
    result = run_kb("build", "--content", str(content_dir), "--site", str(site))
    assert result.returncode == 1
    assert "missing.md" in result.stderr
    assert "The site that was there before is unchanged." in result.stderr
    assert "Traceback" not in result.stderr
    assert marker.read_text() == before
    assert not (site / "printing" / "broken").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_invalid_content_is_listed_and_nothing_is_built(content_dir: Path, tmp_path: Path) -> None:
    write(content_dir, "printing/bad.md", GOOD_GUIDE.replace("title: Fix a paper jam\n", ""))
    write(content_dir, "email/worse.md", "---\ntitle: [x\n---\n")
    site = tmp_path / "site"
    result = run_kb("build", "--content", str(content_dir), "--site", str(site))
    assert result.returncode == 1
    assert f"{content_dir}/printing/bad.md:1:1: error front-matter: `title` is missing" in (
        result.stderr
    )
    assert f"{content_dir}/email/worse.md:" in result.stderr
    assert "Found 2 errors (2 front matter)" in result.stderr
    assert "Nothing was published" in result.stderr
    assert not site.exists()


def test_any_folder_of_markdown_builds(tmp_path: Path) -> None:
    docs = tmp_path / "their-docs"
    write(docs, "index.md", "# Team wiki\n\nNotes from the team.\n")
    write(docs, "vpn/setup.md", "# Setting up VPN\n\nInstall the app first.\n")
    site = tmp_path / "site"
    result = run_kb(
        "build",
        "--content",
        str(docs),
        "--site",
        str(site),
        env={"KB_CONTENT_DIR": "ignored-because-option-wins"},
    )
    assert result.returncode == 0, result.stderr
    assert "1 page is not a Plainhelp guide: 1 without Plainhelp's own fields" in result.stderr
    assert (site / "vpn" / "setup" / "index.html").is_file()


def test_content_folder_from_environment(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs, "index.md", "# Wiki\n")
    site = tmp_path / "site"
    result = run_kb("build", "--site", str(site), env={"KB_CONTENT_DIR": str(docs)})
    assert result.returncode == 0, result.stderr
    assert "Built 1 pages from 0 guides" in result.stdout
