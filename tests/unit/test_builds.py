"""Builds swapped in with one rename (portal/builds.py): each build written beside the link and
linked in, the newest few kept, a failed build leaving the link alone, and a real folder from
before kept as a build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from portal.builds import current_build, finished_builds, point_link, swap_in


def _page(text: str):
    def write(folder: Path) -> str:
        (folder / "index.html").write_text(text)
        return text

    return write


def test_a_build_is_written_beside_and_linked_in_keeping_the_newest_few(tmp_path: Path) -> None:
    link, builds = tmp_path / "site", tmp_path / "site.builds"
    made = []
    for number in range(5):
        folder, result = swap_in(link, builds, _page(f"build {number}"), keep=3)
        os.utime(folder, (number, number))  # distinct ages, whatever the file system's clock
        made.append(folder)
        assert result == f"build {number}"
        assert (link / "index.html").read_text() == f"build {number}"
    assert link.is_symlink() and not Path(os.readlink(link)).is_absolute()
    assert current_build(link) == made[-1].resolve()
    assert finished_builds(builds) == made[:1:-1]  # the newest three; the older ones deleted
    assert oct(made[-1].stat().st_mode & 0o777) == "0o755"  # a web server's user may read it
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_build_leaves_the_link_and_no_half_build(tmp_path: Path) -> None:
    link, builds = tmp_path / "site", tmp_path / "site.builds"
    swap_in(link, builds, _page("good"))

    def broken(folder: Path) -> None:
        (folder / "index.html").write_text("half")
        raise RuntimeError("the builder stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        swap_in(link, builds, broken)
    assert (link / "index.html").read_text() == "good"
    assert len(list(builds.iterdir())) == 1  # no ".new-" folder left behind


def test_a_real_folder_from_before_is_kept_as_a_build_then_linked(tmp_path: Path) -> None:
    link, builds = tmp_path / "site", tmp_path / "site.builds"
    link.mkdir()
    (link / "index.html").write_text("from before links")
    folder, _ = swap_in(link, builds, _page("new"))
    assert link.is_symlink() and (link / "index.html").read_text() == "new"
    imported = [p for p in finished_builds(builds) if p.name.startswith("imported-")]
    assert [(p / "index.html").read_text() for p in imported] == ["from before links"]
    point_link(link, imported[0], builds)  # going back is one rename too
    assert (link / "index.html").read_text() == "from before links"
    assert folder.is_dir()
