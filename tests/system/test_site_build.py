"""`kb build` in a child process on throwaway folders: a broken link or invalid content fails the
build and keeps the old site; any folder of Markdown builds."""

from __future__ import annotations

import shutil
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


def test_a_changed_theme_template_shows_in_the_next_build_of_the_same_process(
    tmp_path: Path,
) -> None:
    """Templates are compiled once per process (the live preview rebuilds on every save);
    a template edited between two builds must still be the one used."""
    from portal.writing.site_build import build_site
    from tests.support.files import ROOT

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "portal" / "writing" / "theme", theme)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        (ROOT / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("custom_dir: portal/writing/theme", f"custom_dir: {theme}"),
        encoding="utf-8",
    )
    content = tmp_path / "content"
    write(content, "printing/clear-paper-jam.md", GOOD_GUIDE)
    site = tmp_path / "site"
    partial = theme / "partials" / "kb-time.html"

    def page() -> str:
        build_site(config, content, site, strict=False)
        return (site / "printing" / "clear-paper-jam" / "index.html").read_text(encoding="utf-8")

    assert "Marmaladefox" not in page()
    partial.write_text("<p>Marmaladefox</p>\n" + partial.read_text(encoding="utf-8"), "utf-8")
    assert "Marmaladefox" in page()
