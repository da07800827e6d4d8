"""`kb build`, `kb index` and `kb lint` in child processes finish on a content folder full of
links that lead back, out or nowhere: each link is named and skipped, and the guides still
build. A deep tree is refused plainly and leaves the old site. (A hang fails on the timeout.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from portal.guides.walk import MAX_DEPTH
from tests.support.files import GOOD_GUIDE, write
from tests.support.kb import run_kb

TIMEOUT = 120  # seconds; a walk round a loop never ends, so any hang fails here


def _kb(command: str, content: Path, tmp_path: Path, *extra: str):
    return run_kb(
        command,
        "--content",
        str(content),
        *extra,
        env={"KB_VAR_DIR": str(tmp_path / "var")},
        timeout=TIMEOUT,
    )


@pytest.fixture
def hostile(content_dir: Path, tmp_path: Path) -> tuple[Path, list[str]]:
    """The tester's two loops plus links out, to nothing and round in a circle."""
    (tmp_path / "elsewhere").mkdir()
    write(tmp_path, "elsewhere/secret.md", GOOD_GUIDE.replace("Fix a paper jam", "Not ours"))
    links = {
        "loop": ".",
        "printing/up": "..",
        "printing/deeper/round": "../..",
        "out": str(tmp_path / "elsewhere"),
        "printing/secret.md": str(tmp_path / "elsewhere" / "secret.md"),
        "printing/gone": "../no-such-folder",
        "printing/gone.png": "no-such-picture.png",
        "printing/ping.png": "pong.png",
        "printing/pong.png": "ping.png",
        "printing/same-guide.md": "clear-paper-jam.md",  # a link to a guide inside: kept
    }
    (content_dir / "printing" / "deeper").mkdir()
    for name, target in links.items():
        os.symlink(target, content_dir / name)
    skipped = [f"{content_dir}/{name}" for name in links if name != "printing/same-guide.md"]
    return content_dir, skipped


def _names_each_link(stderr: str, skipped: list[str]) -> None:
    for path in skipped:  # `kb index` says path:line, `kb build` says it as `kb lint` does
        assert f"{path}:1: warning: " in stderr or f"{path}:1:1: warning " in stderr, path
    assert "Traceback" not in stderr


def test_kb_build_finishes_names_each_link_and_builds_the_guides(
    hostile: tuple[Path, list[str]], tmp_path: Path
) -> None:
    content, skipped = hostile
    site = tmp_path / "site"
    result = _kb("build", content, tmp_path, "--site", str(site))
    assert result.returncode == 0, result.stderr
    _names_each_link(result.stderr, skipped)
    assert (site / "printing" / "clear-paper-jam" / "index.html").is_file()
    assert (site / "printing" / "same-guide" / "index.html").is_file()
    assert not (site / "loop").exists()
    assert not (site / "out").exists()
    assert not (site / "printing" / "secret").exists()
    assert not (site / "printing" / "up").exists()


def test_kb_index_finishes_and_names_each_link(
    hostile: tuple[Path, list[str]], tmp_path: Path
) -> None:
    content, skipped = hostile
    result = _kb("index", content, tmp_path)
    assert result.returncode == 0, result.stderr
    _names_each_link(result.stderr, skipped)
    assert "Indexed 2 guides" in result.stdout  # the guide and the link to it; nothing outside


def test_kb_lint_finishes_and_names_each_link(
    hostile: tuple[Path, list[str]], tmp_path: Path
) -> None:
    content, skipped = hostile
    result = _kb("lint", content, tmp_path, "--format", "json")
    assert "Traceback" not in result.stderr
    for path in skipped:
        assert f'"path": "{path}"' in result.stdout, path
    assert "content-folder" in result.stdout
    assert "Not ours" not in result.stdout


def test_kb_index_finishes_on_a_dangling_guide_link(content_dir: Path, tmp_path: Path) -> None:
    os.symlink("nowhere.md", content_dir / "printing" / "gone.md")
    os.symlink("b.md", content_dir / "printing" / "a.md")
    os.symlink("a.md", content_dir / "printing" / "b.md")
    result = _kb("index", content_dir, tmp_path)
    assert result.returncode == 0, result.stderr


def test_a_tree_too_deep_is_refused_plainly_and_the_old_site_stays(
    content_dir: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert _kb("build", content_dir, tmp_path, "--site", str(site)).returncode == 0
    before = (site / "index.html").read_text()
    too_deep = content_dir.joinpath(*["deeper"] * (MAX_DEPTH + 1))
    write(too_deep, "lost.md", GOOD_GUIDE.replace("Fix a paper jam", "Lost"))
    for command in ("build", "index", "lint"):
        extra = ["--site", str(site)] if command == "build" else []
        result = _kb(command, content_dir, tmp_path, *extra)
        assert result.returncode == 1, (command, result.stderr)
        assert f"more than {MAX_DEPTH} folders deep" in result.stderr + result.stdout
        assert str(too_deep) in result.stderr + result.stdout
        assert "Traceback" not in result.stderr
    assert (site / "index.html").read_text() == before
